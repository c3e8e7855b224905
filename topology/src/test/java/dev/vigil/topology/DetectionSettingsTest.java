package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.topology.breaker.BreakerPolicy;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.detect.tokenreplay.TokenReplayDetector;
import dev.vigil.topology.detect.velocity.VelocitySpikeDetector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectionSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TopologyConfig config = config(Map.of());

        assertThat(config.detectionSettings()).isEqualTo(DetectionSettings.defaults());
        DetectionSettings settings = DetectionSettings.from(config);
        assertThat(settings.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.stateRetention()).isEqualTo(Duration.ofDays(8));
        assertThat(settings.parameters().value(VelocitySpikeDetector.WINDOW)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.parameters().value(VelocitySpikeDetector.RATIO)).isEqualTo(3.0);
        assertThat(settings.parameters().value(VelocitySpikeDetector.MIN_VOLUME)).isEqualTo(20);
        assertThat(settings.parameters().value(VelocitySpikeDetector.MIN_HISTORY)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.parameters().value(TokenReplayDetector.WINDOW)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.parameters().value(TokenReplayDetector.MIN_ADDRESSES)).isEqualTo(2);
        assertThat(settings.parameters().value(BreakerPolicy.AUTO_HALT)).isFalse();
        assertThat(settings.parameters().value(Parameters.enabled("velocity_spike"))).isTrue();
        assertThat(config.getString(TopologyConfig.APPLICATION_ID)).isEqualTo("vigil-topology");
        assertThat(config.getInt(TopologyConfig.NUM_STREAM_THREADS)).isEqualTo(1);
        assertThat(config.getString(TopologyConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.getInt(CommonConfig.OPS_PORT)).isEqualTo(9401);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        TopologyConfig config = config(Map.of(
                "vigil.detect.velocity_spike.window", "10m",
                "vigil.detect.velocity_spike.min-history", "PT2H",
                DetectionSettings.REPEAT_INTERVAL, "90s",
                DetectionSettings.GRACE, "500ms",
                DetectionSettings.STATE_RETENTION, "14d",
                "vigil.detect.velocity_spike.ratio", "4.5",
                "vigil.detect.velocity_spike.min-volume", "50",
                "vigil.detect.token_replay.window", "15m",
                "vigil.detect.token_replay.min-addresses", "3"));

        DetectionSettings d = DetectionSettings.defaults();
        assertThat(config.detectionSettings()).isEqualTo(new DetectionSettings(Duration.ofSeconds(90), Duration.ofMillis(500),
                Duration.ofDays(14), d.parameters()
                        .with(VelocitySpikeDetector.WINDOW, Duration.ofMinutes(10))
                        .with(VelocitySpikeDetector.MIN_HISTORY, Duration.ofHours(2))
                        .with(VelocitySpikeDetector.RATIO, 4.5)
                        .with(VelocitySpikeDetector.MIN_VOLUME, 50)
                        .with(TokenReplayDetector.WINDOW, Duration.ofMinutes(15))
                        .with(TokenReplayDetector.MIN_ADDRESSES, 3)));
    }

    @Test
    void tenantOverridesApplyToTheirTenantOnly() {
        TopologyConfig config = config(Map.of(Parameters.TENANT_OVERRIDES,
                "acme/velocity_spike.ratio=5, acme/breaker.auto-halt=true, globex/token_replay.enabled=false"));
        Parameters p = config.detectionSettings().parameters();

        assertThat(p.value(VelocitySpikeDetector.RATIO, "acme", Map.of(), "a")).isEqualTo(5.0);
        assertThat(p.value(VelocitySpikeDetector.RATIO, "globex", Map.of(), "a")).isEqualTo(3.0);
        assertThat(p.value(BreakerPolicy.AUTO_HALT, "acme", null, "a")).isTrue();
        assertThat(p.value(Parameters.enabled("token_replay"), "globex", null, "a")).isFalse();
        assertThat(p.value(Parameters.enabled("token_replay"), "acme", null, "a")).isTrue();
    }

    @Test
    void anAgentsOwnSettingBeatsItsTenantsAndABadOneFallsBack() {
        Parameters p = config(Map.of(Parameters.TENANT_OVERRIDES, "acme/velocity_spike.ratio=5")).detectionSettings().parameters();

        assertThat(p.value(VelocitySpikeDetector.RATIO, "acme", Map.of("velocity_spike.ratio", "8"), "a")).isEqualTo(8.0);
        assertThat(p.value(VelocitySpikeDetector.RATIO, "acme", Map.of("velocity_spike.ratio", "lots"), "b")).isEqualTo(5.0);
        assertThat(p.value(VelocitySpikeDetector.RATIO, "acme", Map.of("velocity_spike.ratio", "0.5"), "c")).isEqualTo(5.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "acme-velocity_spike.ratio=5 | tenant/rule.param=value",
            "acme/velocity_spike.ratio   | tenant/rule.param=value",
            "acme/velocity_spike.rate=5  | unknown parameter 'velocity_spike.rate'",
            "acme/velocity_spike.ratio=x | velocity_spike.ratio: 'x' is not a number"})
    void aBadTenantOverrideIsNamed(String entry, String problem) {
        assertThatThrownBy(() -> config(Map.of(Parameters.TENANT_OVERRIDES, entry)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Parameters.TENANT_OVERRIDES).hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "vigil.detect.velocity_spike.window, 30s",
            "vigil.detect.velocity_spike.window, 90s",
            "vigil.detect.velocity_spike.window, 2h",
            "vigil.detect.velocity_spike.window, 5",
            "vigil.detect.velocity_spike.ratio, 0.5",
            "vigil.detect.velocity_spike.min-volume, 0",
            "vigil.detect.velocity_spike.enabled, maybe",
            "vigil.detect.breaker.halt-severity, severe",
            "vigil.detect.grace, soon",
            "vigil.detect.state-retention, 1h",
            "vigil.detect.token_replay.window, 0s",
            "vigil.detect.token_replay.window, 2d",
            "vigil.detect.token_replay.window, often",
            "vigil.detect.token_replay.min-addresses, 1",
            "vigil.detect.token_replay.min-addresses, 6",
            "processing.guarantee, exactly_once",
            "num.stream.threads, 0",
            "vigil.topology.replication.factor, 0"})
    void anInvalidValueFailsNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }

    @Test
    void streamsPropertiesCarryExactlyOnceAndThePassThroughKafkaSettings() {
        TopologyConfig config = config(Map.of("kafka.security.protocol", "SASL_SSL", TopologyConfig.NUM_STREAM_THREADS, "3"));

        var props = TopologyApp.streamsProperties(config);

        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-topology")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    private static TopologyConfig config(Map<String, String> overrides) {
        Map<String, Object> raw = new HashMap<>();
        raw.put(CommonConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        raw.put(CommonConfig.SCHEMA_REGISTRY_URL, "mem://settings");
        raw.putAll(overrides);
        return new TopologyConfig(raw);
    }
}
