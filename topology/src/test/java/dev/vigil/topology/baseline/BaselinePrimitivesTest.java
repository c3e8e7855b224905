package dev.vigil.topology.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BaselinePrimitivesTest {

    @Test
    void momentsAreAnOrdinaryMeanUntilTheHorizonThenForget() {
        Moments m = new Moments();
        for (int i = 1; i <= 4; i++) {
            m.add(i, 10);
        }
        assertThat(m.mean()).isCloseTo(2.5, within(1e-9));
        assertThat(m.variance()).isCloseTo(1.25, within(1e-9)); // population variance of 1..4

        for (int i = 0; i < 200; i++) {
            m.add(100, 10);
        }
        assertThat(m.mean()).isCloseTo(100, within(1e-3));
        assertThat(m.count()).isEqualTo(204);
    }

    @Test
    void aNoisyFigureGetsAWiderToleranceThanAQuietOne() {
        Moments quiet = new Moments();
        Moments noisy = new Moments();
        for (int i = 0; i < 100; i++) {
            quiet.add(100, 50);
            noisy.add(i % 2 == 0 ? 40 : 160, 50);
        }
        assertThat(quiet.z(150, quiet.countFloor())).isGreaterThan(4);
        assertThat(noisy.z(150, noisy.countFloor())).isLessThan(1);
    }

    @Test
    void momentsSurviveTheirBytesExactly() {
        Moments m = new Moments();
        m.add(0.1, 5);
        m.add(0.7, 5);
        StateWriter out = new StateWriter();
        m.write(out);
        Moments back = Moments.read(new StateReader(out.toByteArray()));
        assertThat(back.mean()).isEqualTo(m.mean());
        assertThat(back.variance()).isEqualTo(m.variance());
        assertThat(back.count()).isEqualTo(2);
    }

    @Test
    void tumblingReportsEachClosedWindowAndTheEmptyOnesAfterIt() {
        Tumbling t = new Tumbling();
        assertThat(t.advance(1_000, 60_000, 5_000)).isNull();
        t.add(3);
        assertThat(t.advance(59_999, 60_000, 5_000)).isNull();
        t.add(2);
        assertThat(t.advance(4 * 60_000 + 5, 60_000, 5_000)).isEqualTo(new Tumbling.Closed(0, 5, 2, true, false));
        assertThat(t.advance(4 * 60_000 + 5, 60_000, 5_000)).as("the empty window before is held for the grace").isNull();
        assertThat(t.total()).isZero();
        assertThat(t.advance(60_000, 60_000, 5_000)).as("an earlier window does not go back").isNull();
        assertThat(t.advance(4 * 60_000 + 5_000, 60_000, 5_000)).isEqualTo(new Tumbling.Closed(3, 0, 0, false, false));
        assertThat(t.advance(4 * 60_000 + 5_000, 60_000, 5_000)).isNull();
    }

    @Test
    void tumblingCountsAnOutOfOrderEventInTheWindowItBelongsToWithinTheGrace() {
        Tumbling t = new Tumbling();
        t.advance(1_000, 60_000, 5_000);
        t.add(3, 1_000, 60_000);
        t.mark();
        assertThat(t.advance(60_500, 60_000, 5_000)).as("held open for the grace").isNull();
        t.add(1, 60_500, 60_000);
        t.advance(59_000, 60_000, 5_000);
        assertThat(t.inPending(59_000, 60_000)).isTrue();
        t.add(2, 59_000, 60_000);                                   // out of order, 1.5 s after the newest

        assertThat(t.total()).as("the current window does not take it").isEqualTo(1.0);
        StateWriter out = new StateWriter();
        t.write(out);
        Tumbling back = Tumbling.read(new StateReader(out.toByteArray()));
        assertThat(back.advance(64_999, 60_000, 5_000)).isNull();
        assertThat(back.advance(65_000, 60_000, 5_000)).isEqualTo(new Tumbling.Closed(0, 5, 0, true, true));
        assertThat(back.total()).isEqualTo(1.0);
        assertThat(back.marked()).isFalse();
    }

    @Test
    void tumblingMakesThePendingWindowFinalWhenTheNextOneCloses() {
        Tumbling t = new Tumbling();
        t.advance(0, 60_000, 120_000);
        t.add(1);
        t.advance(60_000, 60_000, 120_000);
        t.add(2);
        assertThat(t.advance(120_000, 60_000, 120_000)).isEqualTo(new Tumbling.Closed(0, 1, 0, true, false));
        assertThat(t.advance(120_000, 60_000, 120_000)).as("window 1 is held now").isNull();
        t.add(7, 10_000, 60_000);                                   // older than the held window: current
        assertThat(t.total()).isEqualTo(7.0);
    }

    @Test
    void seenSetCountsAndForgetsTheStalestWhenFull() {
        SeenSet seen = new SeenSet(2);
        assertThat(seen.touch("search", 0)).isZero();
        assertThat(seen.touch("search", 60_000)).isEqualTo(1);
        assertThat(seen.touch("email", 120_000)).isZero();
        seen.touch("search", 180_000);
        assertThat(seen.touch("crm", 240_000)).isZero();   // evicts email, seen least recently

        assertThat(seen.contains("search")).isTrue();
        assertThat(seen.contains("email")).isFalse();
        assertThat(seen.count("search")).isEqualTo(3);
        assertThat(seen.size()).isEqualTo(2);

        StateWriter out = new StateWriter();
        seen.write(out);
        SeenSet back = SeenSet.read(new StateReader(out.toByteArray()), 2);
        assertThat(back.count("search")).isEqualTo(3);
        assertThat(back.contains("crm")).isTrue();
        assertThat(out.toByteArray().length).isLessThan(2 * 20 + 1);
    }

    @Test
    void hourOfWeekSlotsFollowTheZone() {
        long mondayMidnightUtc = ZonedDateTime.of(2026, 1, 5, 0, 30, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        assertThat(HourOfWeek.slot(mondayMidnightUtc)).isZero();
        assertThat(HourOfWeek.slot(mondayMidnightUtc, ZoneId.of("America/New_York"))).isEqualTo(6 * 24 + 19);
        assertThat(HourOfWeek.dayTypeSlot(mondayMidnightUtc, ZoneId.of("America/New_York"))).isEqualTo(24 + 19);
        assertThat(HourOfWeek.isWeekendNight(mondayMidnightUtc, ZoneOffset.UTC)).isTrue();
        assertThat(HourOfWeek.isWeekendNight(mondayMidnightUtc + 7 * 3_600_000L, ZoneOffset.UTC)).isFalse();
    }
}
