package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.CommonConfig;
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
        assertThat(DetectionSettings.from(config)).isEqualTo(new DetectionSettings(Duration.ofMinutes(5), 3.0, 20,
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(8), Duration.ofMinutes(10), 2));
        assertThat(config.getString(TopologyConfig.APPLICATION_ID)).isEqualTo("vigil-topology");
        assertThat(config.getInt(TopologyConfig.NUM_STREAM_THREADS)).isEqualTo(1);
        assertThat(config.getString(TopologyConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.getInt(CommonConfig.OPS_PORT)).isEqualTo(9401);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        TopologyConfig config = config(Map.of(
                DetectionSettings.VELOCITY_WINDOW, "10m",
                DetectionSettings.VELOCITY_MIN_HISTORY, "PT2H",
                DetectionSettings.REPEAT_INTERVAL, "90s",
                DetectionSettings.GRACE, "500ms",
                DetectionSettings.STATE_RETENTION, "14d",
                DetectionSettings.VELOCITY_RATIO, "4.5",
                DetectionSettings.VELOCITY_MIN_VOLUME, "50",
                DetectionSettings.TOKEN_REPLAY_WINDOW, "15m",
                DetectionSettings.TOKEN_REPLAY_MIN_ADDRESSES, "3"));

        assertThat(config.detectionSettings()).isEqualTo(new DetectionSettings(Duration.ofMinutes(10), 4.5, 50,
                Duration.ofHours(2), Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofDays(14), Duration.ofMinutes(15), 3));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "vigil.detect.velocity.window, 90s",
            "vigil.detect.velocity.window, 2h",
            "vigil.detect.velocity.window, 5",
            "vigil.detect.velocity.ratio, 0.5",
            "vigil.detect.velocity.min-volume, 0",
            "vigil.detect.grace, soon",
            "vigil.detect.state-retention, 1h",
            "vigil.detect.token-replay.window, 0s",
            "vigil.detect.token-replay.window, 2d",
            "vigil.detect.token-replay.window, often",
            "vigil.detect.token-replay.min-addresses, 1",
            "vigil.detect.token-replay.min-addresses, 6",
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
