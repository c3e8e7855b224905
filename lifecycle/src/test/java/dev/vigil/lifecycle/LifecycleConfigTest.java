package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.CommonConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LifecycleConfigTest {

    private static Map<String, Object> required() {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, "localhost:9092");
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, "mem://config-test");
        return values;
    }

    private static LifecycleConfig with(String key, Object value) {
        Map<String, Object> values = required();
        values.put(key, value);
        return new LifecycleConfig(values);
    }

    @Test
    void defaultsAreDocumented() {
        LifecycleConfig config = new LifecycleConfig(required());

        assertThat(config.applicationId()).isEqualTo("vigil-lifecycle");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.opsPort()).isEqualTo(LifecycleConfig.DEFAULT_OPS_PORT);
        assertThat(config.stateDir()).endsWith("vigil-lifecycle");
        assertThat(config.silenceMaxDuration()).isEqualTo(Duration.ofDays(7));
        assertThat(config.channelHosts().refusal("127.0.0.1", 8080)).as("public addresses only").isNotNull();
        LifecycleConfig.definition().configKeys().values()
                .forEach(key -> assertThat(key.documentation).as(key.name).isNotBlank());
    }

    @Test
    void theIncidentGapIsThirtyMinutesByDefaultAndTakesAUnit() {
        assertThat(new LifecycleConfig(required()).incidentGap()).isEqualTo(Duration.ofMinutes(30));
        assertThat(with(LifecycleConfig.INCIDENTS_GAP, "2h").incidentGap()).isEqualTo(Duration.ofHours(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "500ms", "8d", ""})
    void anIncidentGapWithoutUnitOrOutOfRangeFailsNamingTheKey(String text) {
        assertThatThrownBy(() -> with(LifecycleConfig.INCIDENTS_GAP, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.INCIDENTS_GAP);
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "PT1.5S, 1500", "pt3s, 3000"})
    void writeTimeoutTakesAUnit(String text, long millis) {
        assertThat(with(LifecycleConfig.WRITE_TIMEOUT, text).writeTimeout()).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "five seconds", "50ms", "10m", ""})
    void aWriteTimeoutWithoutUnitOrOutOfRangeFailsNamingTheKey(String text) {
        assertThatThrownBy(() -> with(LifecycleConfig.WRITE_TIMEOUT, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.WRITE_TIMEOUT);
    }

    @Test
    void aPortOutOfRangeFailsNamingTheKey() {
        assertThatThrownBy(() -> with(LifecycleConfig.HTTP_PORT, "70000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.HTTP_PORT);
    }

    @Test
    void anEmptyApplicationIdFailsNamingTheKey() {
        assertThatThrownBy(() -> with(LifecycleConfig.APPLICATION_ID, ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.APPLICATION_ID);
    }

    @Test
    void bootstrapServersAreRequired() {
        Map<String, Object> values = required();
        values.remove(CommonConfig.BOOTSTRAP_SERVERS);

        assertThatThrownBy(() -> new LifecycleConfig(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CommonConfig.BOOTSTRAP_SERVERS);
    }

    @Test
    void channelTestsReachAllowListedHostsOnly() {
        LifecycleConfig config = with(LifecycleConfig.CHANNELS_ALLOWED_HOSTS, "localhost:2525, smtp.internal");

        assertThat(config.channelHosts().refusal("localhost", 2525)).isNull();
        assertThat(config.channelHosts().refusal("smtp.internal", 25)).isNull();
        assertThat(config.channelHosts().refusal("localhost", 8080)).contains("loopback")
                .endsWith("(" + LifecycleConfig.CHANNELS_ALLOWED_HOSTS + ")");
    }

    @ParameterizedTest
    @CsvSource({"12h, PT12H", "30d, PT720H", "1m, PT1M"})
    void theLongestSilenceTakesAUnit(String text, String iso) {
        assertThat(with(LifecycleConfig.SILENCES_MAX_DURATION, text).silenceMaxDuration()).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "30s", "400d"})
    void aLongestSilenceWithoutUnitOrOutOfRangeFailsNamingTheKey(String text) {
        assertThatThrownBy(() -> with(LifecycleConfig.SILENCES_MAX_DURATION, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LifecycleConfig.SILENCES_MAX_DURATION);
    }

    @Test
    void theLiveStreamKeysHaveTheirDefaultsAndFailNamingTheKey() {
        LifecycleConfig config = new LifecycleConfig(required());

        assertThat(config.streamJournalSize()).isEqualTo(10_000);
        assertThat(config.streamHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.streamMaxClients()).isEqualTo(100);
        assertThat(with(LifecycleConfig.STREAM_HEARTBEAT, "250ms").streamHeartbeat()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> with(LifecycleConfig.STREAM_JOURNAL_SIZE, "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LifecycleConfig.STREAM_JOURNAL_SIZE);
        assertThatThrownBy(() -> with(LifecycleConfig.STREAM_HEARTBEAT, "1m"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LifecycleConfig.STREAM_HEARTBEAT);
        assertThatThrownBy(() -> with(LifecycleConfig.STREAM_MAX_CLIENTS, "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LifecycleConfig.STREAM_MAX_CLIENTS);
    }
}
