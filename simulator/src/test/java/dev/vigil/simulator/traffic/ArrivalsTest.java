package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void countStaysWithinTheBoundsAndOffsetsAscendWithinTheHour() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        for (int hour = 0; hour < 2_000; hour++) {
            long[] offsets = Arrivals.inHour(rng, 22, 15, 30);
            assertThat(offsets.length).isBetween(15, 30);
            assertThat(offsets).isSorted();
            assertThat(offsets[0]).isGreaterThanOrEqualTo(0);
            assertThat(offsets[offsets.length - 1]).isLessThan(Arrivals.HOUR_MILLIS);
        }
    }

    @Test
    void gapsAreExponentialAroundTheRate() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        List<Long> gaps = new ArrayList<>();
        for (int hour = 0; hour < 5_000; hour++) {
            long[] offsets = Arrivals.inHour(rng, 22, 15, 30);
            for (int i = 1; i < offsets.length; i++) {
                gaps.add(offsets[i] - offsets[i - 1]);
            }
        }
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        double variance = gaps.stream().mapToDouble(g -> (g - mean) * (g - mean)).average().orElseThrow();

        assertThat(mean).isCloseTo(3_600_000 / 22.0, within(3_600_000 / 22.0 * 0.1));
        // An exponential's standard deviation equals its mean.
        assertThat(Math.sqrt(variance) / mean).isCloseTo(1.0, within(0.1));
    }

    @Test
    void quietHoursHaveAtMostTwoArrivals() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        for (int hour = 0; hour < 2_000; hour++) {
            assertThat(Arrivals.inHour(rng, 1.0, 0, 2).length).isBetween(0, 2);
        }
    }

    @Test
    void refusesARateThatCannotReachTheBounds() {
        assertThatThrownBy(() -> Arrivals.inHour(Rng.of(1, Purpose.TRAFFIC), 0.001, 15, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15-30");
    }
}
