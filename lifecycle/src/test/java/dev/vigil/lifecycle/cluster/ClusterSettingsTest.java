package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.EffectiveConfig;
import dev.vigil.lifecycle.LifecycleConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterSettingsTest {

    private static LifecycleConfig config(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, "mem://cluster-settings-test");
        values.putAll(extra);
        return new LifecycleConfig(values);
    }

    @Test
    void anAdvertisedUrlBecomesTheApplicationServerAndThisInstancesName() {
        ClusterSettings settings = ClusterSettings.from(config(Map.of(LifecycleConfig.ADVERTISED_URL,
                "http://lifecycle-1.vigil.svc:8081/")));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.applicationServer()).hasValue("lifecycle-1.vigil.svc:8081");
        assertThat(settings.self()).isEqualTo(new HostInfo("lifecycle-1.vigil.svc", 8081));
        assertThat(settings.urlOf(new HostInfo("10.0.0.7", 8081))).isEqualTo(URI.create("http://10.0.0.7:8081"));
    }

    @Test
    void withoutAnAdvertisedUrlTheHttpHostAndPortAreUsed() {
        ClusterSettings settings = ClusterSettings.from(config(Map.of(LifecycleConfig.HTTP_HOST, "127.0.0.1",
                LifecycleConfig.HTTP_PORT, "8090")));

        assertThat(settings.applicationServer()).hasValue("127.0.0.1:8090");
        assertThat(ClusterSettings.from(config(Map.of())).applicationServer().orElseThrow())
                .as("a wildcard host is this machine's address").endsWith(":8080").doesNotStartWith("0.0.0.0");
    }

    @Test
    void withHttpPortZeroAndNoUrlTheInstanceRunsAlone() {
        ClusterSettings settings = ClusterSettings.from(config(Map.of(LifecycleConfig.HTTP_PORT, "0")));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.applicationServer()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5:8080", "ftp://10.0.0.5:8080", "http://10.0.0.5", "http://10.0.0.5:8080/api",
            "http://user@10.0.0.5:8080", "http://10.0.0.5:8080?x=1", "http://:8080"})
    void aMalformedAdvertisedUrlFailsNamingTheKey(String url) {
        assertThatThrownBy(() -> config(Map.of(LifecycleConfig.ADVERTISED_URL, url)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LifecycleConfig.ADVERTISED_URL);
    }

    @Test
    void theSecretIsNeverShownAndTheForwardTimeoutCoversTheLeadersWaits() {
        LifecycleConfig config = config(Map.of(LifecycleConfig.CLUSTER_SECRET, "s3cret-value-91",
                LifecycleConfig.CLUSTER_REQUEST_TIMEOUT, "2s", LifecycleConfig.WRITE_TIMEOUT, "3s"));
        ClusterSettings settings = ClusterSettings.from(config);

        assertThat(settings.secret().matches("s3cret-value-91")).isTrue();
        assertThat(settings.secret().matches("s3cret-value-9")).isFalse();
        assertThat(settings.secret().toString()).doesNotContain("s3cret");
        assertThat(EffectiveConfig.describe(config)).doesNotContain("s3cret-value-91");
        assertThat(settings.forwardTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(ClusterSettings.from(config(Map.of())).secret().configured()).isFalse();
        assertThat(ClusterSecret.NONE.matches("")).isFalse();
    }
}
