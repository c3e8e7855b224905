package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "8d, PT192H", "PT5M, PT5M", "p8d, PT192H", "' 2M ', PT2M"})
    void readsDurationsAsPeopleWriteThem(String written, String expected) {
        assertThat(Durations.parse(written)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"garbage", "", "90", "2 minutes", "1.5h", "m", "10x", "PT", "9999999999999m"})
    void refusesAnythingElseNamingTheValue(String written) {
        assertThatThrownBy(() -> Durations.parse(written))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + written + "'");
    }

    @Test
    void theValidatorNamesTheKeyAndTheBounds() {
        var validator = Durations.between(Duration.ofSeconds(1), Duration.ofMinutes(5));
        validator.ensureValid("vigil.x.timeout", "2m");
        assertThatThrownBy(() -> validator.ensureValid("vigil.x.timeout", "10m"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vigil.x.timeout").hasMessageContaining("PT5M");
        assertThatThrownBy(() -> validator.ensureValid("vigil.x.timeout", "soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vigil.x.timeout").hasMessageContaining("not a duration");
    }
}
