package dev.vigil.topology.detect.velocity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class VelocitySpikeDetectorTest {

    @Test
    void exceedsOnlyStrictlyAboveTheRatio() {
        assertThat(VelocitySpikeDetector.exceeds(30, 120, 5, 3.0)).isFalse();
        assertThat(VelocitySpikeDetector.exceeds(31, 120, 5, 3.0)).isTrue();
        assertThat(VelocitySpikeDetector.exceeds(1, 0, 5, 3.0)).isTrue();
    }

    @Test
    void ratioReadsWithOneDecimalUnlessThatWouldLookLikeTheThreshold() {
        assertThat(VelocitySpikeDetector.ratioText(new BigDecimal("3.09"), 3.0)).isEqualTo("3.1");
        assertThat(VelocitySpikeDetector.ratioText(new BigDecimal("3.04"), 3.0)).isEqualTo("3.04");
        assertThat(VelocitySpikeDetector.ratioText(new BigDecimal("12.50"), 3.0)).isEqualTo("12.5");
    }

    @Test
    void averageReadsAsAWholeNumberFromTenUp() {
        assertThat(VelocitySpikeDetector.averageText(new BigDecimal("133.25"))).isEqualTo("133");
        assertThat(VelocitySpikeDetector.averageText(new BigDecimal("2.17"))).isEqualTo("2.2");
    }
}
