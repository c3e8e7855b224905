package dev.vigil.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MinuteBucketsTest {

    private final MinuteBuckets ring = new MinuteBuckets(5);

    @Test
    void sumsTheMinutesAsked() {
        ring.add(100);
        ring.add(101);
        ring.add(101);
        ring.add(103);

        assertThat(ring.sum(100, 103)).isEqualTo(4);
        assertThat(ring.sum(101, 101)).isEqualTo(2);
        assertThat(ring.sum(102, 102)).isZero();
        assertThat(ring.head()).isEqualTo(103);
    }

    @Test
    void movingForwardClearsTheMinutesPassedOver() {
        ring.add(100);
        ring.add(102);
        ring.add(106);                    // 100 and 101 fall off; 102 stays

        assertThat(ring.sum(0, 200)).isEqualTo(2);
        assertThat(ring.count(102)).isEqualTo(1);
        assertThat(ring.count(100)).isZero();
    }

    @Test
    void aJumpLongerThanTheRingClearsEverything() {
        ring.add(100);
        ring.add(1_000);

        assertThat(ring.sum(0, 2_000)).isEqualTo(1);
    }

    @Test
    void aMinuteOlderThanTheRingIsNotCounted() {
        ring.add(110);

        assertThat(ring.add(105)).isFalse();
        assertThat(ring.add(106)).isTrue();
        assertThat(ring.sum(0, 200)).isEqualTo(2);
    }

    @Test
    void resizingKeepsTheNewestMinutes() {
        for (long m = 100; m < 105; m++) {
            ring.add(m);
            ring.add(m);
        }

        MinuteBuckets smaller = ring.resized(3);
        MinuteBuckets larger = ring.resized(10);

        assertThat(smaller.sum(0, 200)).isEqualTo(6);
        assertThat(smaller.count(102)).isEqualTo(2);
        assertThat(larger.sum(0, 200)).isEqualTo(10);
        assertThat(larger.head()).isEqualTo(104);
    }

    @Test
    void emptyRingSumsToZero() {
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.sum(Long.MIN_VALUE + 10, Long.MAX_VALUE)).isZero();
    }
}
