package dev.vigil.topology.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScoreTest {

    @ParameterizedTest
    @EnumSource(Severity.class)
    void everyStrengthScoresInsideItsSeverityBand(Severity severity) {
        for (double strength = -1; strength <= 2; strength += 0.05) {
            assertThat(Score.consistent(severity, Score.of(severity, strength))).isTrue();
        }
        assertThat(Score.of(severity, Double.NaN)).isEqualTo(Score.floor(severity));
    }

    @Test
    void bandsNeverOverlapSoScoreOrderFollowsSeverityOrder() {
        assertThat(Score.of(Severity.low, 1)).isLessThan(Score.of(Severity.medium, 0));
        assertThat(Score.of(Severity.medium, 1)).isLessThan(Score.of(Severity.high, 0));
        assertThat(Score.of(Severity.high, 1)).isLessThan(Score.of(Severity.critical, 0));
        assertThat(Score.certain(Severity.critical)).isEqualTo(100);
    }

    @Test
    void aFindingRefusesAScoreOutsideItsBand() {
        assertThatThrownBy(() -> new Finding(Severity.high, 95, "d", Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH, "a"))
                .hasMessageContaining("outside the band");
    }
}
