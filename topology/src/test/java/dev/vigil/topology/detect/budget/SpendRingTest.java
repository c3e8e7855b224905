package dev.vigil.topology.detect.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpendRingTest {

    private static final long BUCKET = 15_000;

    @Test
    void theDefaultRingHasTheWindowAndTheGrace() {
        assertThat(BudgetOverspendDetector.ringSize(BUCKET, Duration.ofMinutes(5))).isEqualTo(40);
        assertThat(BudgetOverspendDetector.ringSize(3_000, Duration.ofDays(1))).isEqualTo(SpendRing.MAX_SIZE);
    }

    @Test
    void findsTheFullestRunHoldingAnOutOfOrderBucket() {
        SpendRing ring = ring(40);
        ring.add(100, 5);
        ring.add(130, 7);
        ring.add(115, 11);          // out of order: runs 96..115 (16) and 115..134 (18) hold it

        assertThat(ring.fullest(115, 20)).isEqualTo(new SpendRing.Burst(115, 130, 18));
    }

    @Test
    void refusesABucketOlderThanTheRing() {
        SpendRing ring = ring(40);
        ring.add(100, 5);

        assertThat(ring.add(60, 1)).isFalse();
        assertThat(ring.add(61, 1)).isTrue();
    }

    @Test
    void startsOverWhenTheBucketLengthChanges() {
        SpendRing ring = ring(40);
        ring.add(100, 5);
        ring.shape(30_000, 30);
        ring.add(50, 1);

        assertThat(ring.fullest(50, 20).micros()).isEqualTo(1);
    }

    @Test
    void roundTripsAndStaysUnderTenKilobytesAtItsLargest() {
        SpendRing ring = ring(SpendRing.MAX_SIZE);
        for (long b = 0; b < SpendRing.MAX_SIZE; b++) {
            ring.add(b, Long.MAX_VALUE / 2);
        }
        StateWriter out = new StateWriter();
        ring.write(out);
        byte[] bytes = out.toByteArray();
        SpendRing copy = SpendRing.read(new StateReader(bytes));
        StateWriter again = new StateWriter();
        copy.write(again);

        assertThat(bytes).hasSizeLessThan(10 * 1024);
        assertThat(again.toByteArray()).isEqualTo(bytes);
        assertThat(copy.fullest(SpendRing.MAX_SIZE - 1, 20).micros()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anIdleDefaultRingTakesAFewBytes() {
        SpendRing ring = ring(40);
        StateWriter out = new StateWriter();
        ring.write(out);

        assertThat(out.toByteArray()).hasSizeLessThan(8);
    }

    private static SpendRing ring(int size) {
        SpendRing ring = new SpendRing();
        ring.shape(BUCKET, size);
        return ring;
    }
}
