package dev.vigil.topology.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.Figures;
import dev.vigil.topology.detect.SigmaSeverity;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** SlotMoments, HourlySlotCounts and MinuteRing (the volume rules' state), SigmaSeverity and Figures. */
class VolumePrimitivesTest {

    private static final long MONDAY_09 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long GRACE = 300_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void slotMomentsAreAnOrdinaryMeanAndVarianceUntilTheHorizon() {
        SlotMoments slots = new SlotMoments(48);
        slots.add(10, 10, 5);
        slots.add(10, 30, 5);
        slots.add(10, 50, 5);

        assertThat(slots.count(10)).isEqualTo(3);
        assertThat(slots.mean(10)).isEqualTo(30.0);
        assertThat(slots.standardDeviation(10)).isCloseTo(16.33, within(0.01));
        assertThat(slots.count(11)).isZero();
        assertThat(slots.countFloor(10)).isCloseTo(Math.sqrt(30) + 1, within(1e-9));
    }

    @Test
    void slotMomentsForgetTheOldestPastTheHorizon() {
        SlotMoments slots = new SlotMoments(1);
        for (int i = 0; i < 200; i++) {
            slots.add(0, 10, 4);
        }
        for (int i = 0; i < 20; i++) {
            slots.add(0, 50, 4);
        }

        assertThat(slots.mean(0)).isCloseTo(50, within(0.2));
        assertThat(slots.count(0)).isEqualTo(SlotMoments.MAX_COUNT);
    }

    @Test
    void slotMomentsRoundTripExactlyInNineBytesASlot() {
        SlotMoments slots = new SlotMoments(48);
        for (int i = 0; i < 48; i++) {
            slots.add(i, i * 1.7, 5);
            slots.add(i, i * 0.3, 5);
        }
        StateWriter out = new StateWriter();
        slots.write(out);
        byte[] bytes = out.toByteArray();

        SlotMoments read = SlotMoments.read(new StateReader(bytes));

        assertThat(bytes).hasSize(1 + 48 * 9);
        for (int i = 0; i < 48; i++) {
            assertThat(read.mean(i)).isEqualTo(slots.mean(i));
            assertThat(read.standardDeviation(i)).isEqualTo(slots.standardDeviation(i));
            assertThat(read.count(i)).isEqualTo(slots.count(i));
        }
    }

    @Test
    void hourlyCountsFeedClosedAndEmptyHoursToTheirSlotsButNotTheFirstHour() {
        HourlySlotCounts counts = new HourlySlotCounts();
        counts.advance(MONDAY_09, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        counts.add(7, MONDAY_09);                                         // Monday 09:00: the first hour
        counts.advance(MONDAY_09 + HOUR, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        counts.add(5, MONDAY_09 + HOUR);                                  // Monday 10:00
        counts.advance(MONDAY_09 + 4 * HOUR, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);

        assertThat(counts.slots().count(9)).isZero();
        assertThat(counts.slots().mean(10)).isEqualTo(5.0);
        assertThat(counts.slots().count(11)).isEqualTo(1);
        assertThat(counts.slots().count(12)).as("held open for the grace").isZero();
        assertThat(counts.slot(ZoneOffset.UTC)).isEqualTo(13);

        counts.advance(MONDAY_09 + 4 * HOUR + GRACE, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        assertThat(counts.slots().count(12)).isEqualTo(1);
        assertThat(counts.slots().mean(12)).isZero();
        assertThat(counts.slots().count(13)).isZero();
    }

    @Test
    void hourlyCountsCountAnOutOfOrderEventInItsHourWithinTheGrace() {
        HourlySlotCounts counts = new HourlySlotCounts();
        counts.advance(MONDAY_09 + HOUR, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        counts.add(4, MONDAY_09 + HOUR);                                   // Monday 10:00
        counts.advance(MONDAY_09 + 2 * HOUR + 1_000, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        counts.add(1, MONDAY_09 + 2 * HOUR + 1_000);                       // Monday 11:00:01
        long outOfOrder = MONDAY_09 + 2 * HOUR - 1_000;                     // 10:59:59, after it
        counts.advance(outOfOrder, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        assertThat(counts.inPreviousHour(outOfOrder)).isTrue();
        counts.add(1, outOfOrder);

        assertThat(counts.current()).as("the current hour does not take it").isEqualTo(1.0);
        assertThat(counts.slots().count(10)).isZero();
        counts.advance(MONDAY_09 + 2 * HOUR + GRACE, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        assertThat(counts.slots().mean(10)).as("10:00 is fed with it").isEqualTo(5.0);
    }

    @Test
    void hourlyCountsKeepAHeldHourOut() {
        HourlySlotCounts counts = new HourlySlotCounts();
        counts.advance(MONDAY_09 + HOUR, GRACE, ZoneOffset.UTC, MONDAY_09, end -> true);
        counts.add(500, MONDAY_09 + HOUR);
        counts.advance(MONDAY_09 + 2 * HOUR + GRACE, GRACE, ZoneOffset.UTC, MONDAY_09,
                end -> end != MONDAY_09 + 2 * HOUR - 1);

        assertThat(counts.slots().count(10)).isZero();
    }

    @Test
    void minuteRingSumsASlidingWindowAndForgetsWhatFellOff() {
        MinuteRing ring = new MinuteRing(5, 2);
        ring.add(100, 0, 3);
        ring.add(102, 1, 2);
        ring.add(104, 0, 1);

        assertThat(ring.sum(0, 100, 104)).isEqualTo(4);
        assertThat(ring.sum(1, 100, 104)).isEqualTo(2);

        ring.add(105, 0, 1);

        assertThat(ring.sum(0, 101, 105)).isEqualTo(2);
        assertThat(ring.add(100, 0, 9)).as("older than the ring").isFalse();
        assertThat(ring.add(103, 0, 1)).as("out of order, within the ring").isTrue();
        assertThat(ring.sum(0, 101, 105)).isEqualTo(3);
    }

    @Test
    void minuteRingRoundTripsAndResizesKeepingTheNewestMinutes() {
        MinuteRing ring = new MinuteRing(15, 3);
        for (long m = 1000; m < 1030; m++) {
            ring.add(m, (int) (m % 3), m);
        }
        StateWriter out = new StateWriter();
        ring.write(out);
        MinuteRing read = MinuteRing.read(new StateReader(out.toByteArray()));
        MinuteRing smaller = ring.resized(5);

        for (int c = 0; c < 3; c++) {
            assertThat(read.sum(c, 1015, 1029)).isEqualTo(ring.sum(c, 1015, 1029));
            assertThat(smaller.sum(c, 0, 2000)).isEqualTo(ring.sum(c, 1025, 1029));
        }
        assertThat(read.head()).isEqualTo(1029);
    }

    @Test
    void severityBySigmaAndItsScore() {
        assertThat(SigmaSeverity.of(3.99)).isEqualTo(Severity.low);
        assertThat(SigmaSeverity.of(4)).isEqualTo(Severity.medium);
        assertThat(SigmaSeverity.of(6)).isEqualTo(Severity.high);
        assertThat(SigmaSeverity.score(3, 3)).isEqualTo(10);
        assertThat(SigmaSeverity.score(5, 3)).isEqualTo(55);
        assertThat(SigmaSeverity.score(40, 3)).isEqualTo(89);
    }

    @Test
    void figuresAreExactDecimalText() {
        assertThat(Figures.decimal(0.1 + 0.2, 2)).isEqualTo("0.30");
        assertThat(Figures.ratio(5.25)).isEqualTo("5.3");
        assertThat(Figures.amount(39.6)).isEqualTo("40");
        assertThat(Figures.amount(2.54)).isEqualTo("2.5");
        assertThat(Figures.percent(0.0625)).isEqualTo("6.3%");
        assertThat(Figures.percent(0.36364)).isEqualTo("36%");
    }
}
