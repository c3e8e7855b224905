package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Geo;
import dev.vigil.serde.testing.NoArgumentSerde;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SerdeFactoryTest {

    private static final Map<String, String> CONFIGS = Map.of(SchemaRegistries.URL_CONFIG, "mem://serde-factory-test");

    @Test
    void withoutAClassItMakesVigilsOwnSerdeConfiguredForTheRegistry() {
        Serde<Geo> serde = new SerdeFactory(null, CONFIGS).valueSerde(Geo.class);
        assertThat(serde).isInstanceOf(AvroSerde.class);
        byte[] bytes = serde.serializer().serialize("t", new Geo("US", null));
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(new Geo("US", null));
        assertThat(MemorySchemaRegistry.named("serde-factory-test").subjects()).contains("t-value");
    }

    @Test
    void forRegistryMakesTheDefaultSerde() {
        assertThat(SerdeFactory.forRegistry("mem://serde-factory-test").valueSerde(Geo.class)).isInstanceOf(AvroSerde.class);
    }

    @Test
    void aSerdeWithOnlyANoArgumentConstructorIsMadeAndConfigured() {
        Serde<Geo> serde = new SerdeFactory(NoArgumentSerde.class.getName(), CONFIGS).valueSerde(Geo.class);
        assertThat(serde).isInstanceOf(NoArgumentSerde.class);
        assertThat(((NoArgumentSerde<Geo>) serde).configs().get(SchemaRegistries.URL_CONFIG)).isEqualTo("mem://serde-factory-test");
    }

    @Test
    void anUnknownClassIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> new SerdeFactory("io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde", CONFIGS).valueSerde(Geo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.serde.class").hasMessageContaining("not found on the classpath");
    }

    @Test
    void aClassThatIsNotASerdeIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> new SerdeFactory(String.class.getName(), CONFIGS).valueSerde(Geo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.serde.class").hasMessageContaining("is not an org.apache.kafka.common.serialization.Serde");
    }

    @Test
    void aSerdeThatCannotBeConstructedSaysWhy() {
        assertThatThrownBy(() -> new SerdeFactory(NoArgumentSerde.Failing.class.getName(), CONFIGS).valueSerde(Geo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.serde.class").hasMessageContaining("license server unreachable");
        assertThatThrownBy(() -> new SerdeFactory(NoArgumentSerde.Hidden.class.getName(), CONFIGS).valueSerde(Geo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a public constructor");
    }

    @Test
    void theDefaultSerdeWithoutARegistryUrlIsAConfigErrorNamingTheUrlKey() {
        assertThatThrownBy(() -> new SerdeFactory(null, Map.of()).valueSerde(Geo.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }
}
