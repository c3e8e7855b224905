package dev.vigil.lifecycle.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.lifecycle.LifecycleConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys.Created key = ApiKeys.create("acme", Role.ADMIN, "ops team");

    @Test
    void acceptsTheKeyOfAnEntryAndNothingElse() {
        ApiKeys keys = ApiKeys.of(List.of(key.entry()));
        assertThat(keys.authenticate(key.key())).hasValueSatisfying(p -> {
            assertThat(p.tenant()).isEqualTo("acme");
            assertThat(p.role()).isEqualTo(Role.ADMIN);
            assertThat(p.actor()).isEqualTo("ops team");
            assertThat(p.mayAccess("acme")).isTrue();
            assertThat(p.mayAccess("other")).isFalse();
        });
        String other = ApiKeys.create("acme", Role.ADMIN, null).key();
        assertThat(keys.authenticate(other)).as("unknown key id").isEmpty();
        assertThat(keys.authenticate(key.key().substring(0, 12) + other.substring(12))).as("right id, wrong secret").isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("Bearer " + key.key())).isEmpty();
        assertThat(key.entry()).doesNotContain(key.key().substring(12));
    }

    @Test
    void aBadEntryNamesItsPositionAndPartWithoutEchoingIt() {
        String hash = key.entry().split(":")[3];
        for (String[] bad : new String[][] {
                {"abc", "entry 1 must be keyId:tenant:role:sha256hex[:name]"},
                {"ABCDEF12:acme:admin:" + hash, "key id"},
                {"abcdef12:ac/me:admin:" + hash, "tenant"},
                {"abcdef12:acme:god:" + hash, "viewer, responder or admin"},
                {"abcdef12:acme:admin:" + hash.substring(1), "hash must be 64"},
        }) {
            assertThatThrownBy(() -> ApiKeys.of(List.of(bad[0]))).hasMessageContaining(bad[1]).hasMessageNotContaining(hash.substring(0, 20));
        }
        assertThatThrownBy(() -> ApiKeys.of(List.of(key.entry(), key.entry()))).hasMessageContaining("entry 2").hasMessageContaining("twice");
    }

    @Test
    void theServiceRefusesToStartWithoutKeysUnlessAuthenticationIsOff() {
        Map<String, Object> values = new HashMap<>();
        values.put("bootstrap.servers", "localhost:9092");
        values.put("schema.registry.url", "mem://x");
        assertThatThrownBy(() -> new LifecycleConfig(values).apiKeys()).isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.API_KEYS).hasMessageContaining("create-key");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        assertThat(new LifecycleConfig(values).apiKeys()).isNull();
        values.put(LifecycleConfig.AUTH_ENABLED, "true");
        values.put(LifecycleConfig.API_KEYS, key.entry());
        assertThat(new LifecycleConfig(values).apiKeys().authenticate(key.key())).isPresent();
        values.put(LifecycleConfig.API_KEYS, "junk");
        assertThatThrownBy(() -> new LifecycleConfig(values)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.API_KEYS);
    }
}
