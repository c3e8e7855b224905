package dev.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.25S, 250ms", "PT90S, 90s", "PT5M, 5m", "PT36H, 36h", "PT168H, 7d", "PT1H30M, 90m",
            "PT0.0000001S, PT0.0000001S"})
    void writesTheShortestExactForm(String iso, String text) {
        assertThat(DurationText.of(Duration.parse(iso))).isEqualTo(text);
    }
}
