package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaRegistriesTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "mem://", "ftp://registry:8081", "registry:8081"})
    void aMissingOrUnusableUrlIsAConfigErrorNamingTheKey(String url) {
        assertThatThrownBy(() -> SchemaRegistries.forUrl(url))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void theErrorSaysWhatWouldWork() {
        assertThatThrownBy(() -> SchemaRegistries.forUrl("mem://")).hasMessageContaining("mem:// needs a name");
        assertThatThrownBy(() -> SchemaRegistries.forUrl("ftp://x")).hasMessageContaining("http://, https:// or mem://");
    }

    @Test
    void aMemUrlIsTheSharedInProcessRegistryOfThatName() {
        assertThat(SchemaRegistries.forUrl("mem://shared-a")).isSameAs(MemorySchemaRegistry.named("shared-a"))
                .isNotSameAs(SchemaRegistries.forUrl("mem://shared-b"));
    }

    @Test
    void anHttpUrlIsARestClientSharedPerUrlAndTheFirstOfAListIsUsed() {
        SchemaRegistryClient client = SchemaRegistries.forUrl("http://registry-1:8081");
        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        assertThat(SchemaRegistries.forUrl(" http://registry-1:8081, http://registry-2:8081")).isSameAs(client);
    }
}
