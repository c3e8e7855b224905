package dev.vigil.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Schedule OFFICE = new Schedule(Schedule.Kind.OFFICE, BERLIN,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));
    private static final Schedule NIGHTLY = new Schedule(Schedule.Kind.NIGHTLY_BATCH, BERLIN,
            EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(22, 0), LocalTime.of(3, 0));

    @Test
    void officeWindowFollowsLocalTimeNotUtc() {
        // Monday 2025-03-03, Berlin is UTC+1.
        assertThat(OFFICE.contains(Instant.parse("2025-03-03T07:59:59Z"))).isFalse();
        assertThat(OFFICE.contains(Instant.parse("2025-03-03T08:00:00Z"))).isTrue();
        assertThat(OFFICE.contains(Instant.parse("2025-03-03T15:59:59Z"))).isTrue();
        assertThat(OFFICE.contains(Instant.parse("2025-03-03T16:00:00Z"))).isFalse();
    }

    @Test
    void officeWindowIsClosedAtTheWeekend() {
        assertThat(OFFICE.contains(Instant.parse("2025-03-08T10:00:00Z"))).isFalse();
    }

    @Test
    void windowAcrossMidnightBelongsToTheEveningItOpens() {
        assertThat(NIGHTLY.contains(Instant.parse("2025-03-03T21:00:00Z"))).isTrue();  // Mon 22:00
        assertThat(NIGHTLY.contains(Instant.parse("2025-03-04T01:59:59Z"))).isTrue();  // Tue 02:59
        assertThat(NIGHTLY.contains(Instant.parse("2025-03-04T02:00:00Z"))).isFalse(); // Tue 03:00
        assertThat(NIGHTLY.contains(Instant.parse("2025-03-04T21:00:00Z"))).isFalse(); // Tue 22:00
        assertThat(NIGHTLY.contains(Instant.parse("2025-03-03T00:30:00Z"))).isFalse(); // Mon 01:30, Sunday not listed
        assertThat(NIGHTLY.hoursPerOpening()).isEqualTo(5);
    }

    @Test
    void everyUtcHourIsWhollyInsideOrOutsideEvenOverDaylightSavingChanges() {
        Schedule sydney = new Schedule(Schedule.Kind.NIGHTLY_BATCH, ZoneId.of("Australia/Sydney"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(1, 0), LocalTime.of(5, 0));
        for (Schedule schedule : new Schedule[] {OFFICE, NIGHTLY, sydney}) {
            // Spans Europe's spring change (30 March) and Sydney's autumn change (6 April).
            for (Instant hour = Instant.parse("2025-03-25T00:00:00Z"); hour.isBefore(Instant.parse("2025-04-10T00:00:00Z"));
                 hour = hour.plus(Duration.ofHours(1))) {
                assertThat(schedule.contains(hour.plusSeconds(3599))).as("%s at %s", schedule, hour)
                        .isEqualTo(schedule.contains(hour));
            }
        }
    }

    @Test
    void alwaysOnAgentWorksEveryHourAndDeclaresNoWindow() {
        Schedule always = Schedule.alwaysOn(BERLIN);

        assertThat(always.contains(Instant.parse("2025-03-08T03:00:00Z"))).isTrue();
        assertThat(always.contains(Instant.parse("2025-03-04T23:59:59Z"))).isTrue();
        assertThat(always.hoursPerOpening()).isEqualTo(24);
        assertThat(always.toAvro()).isNull();
    }

    @Test
    void rejectsWindowsThatDoNotRunBetweenTwoWholeHours() {
        assertThatThrownBy(() -> new Schedule(Schedule.Kind.OFFICE, BERLIN, EnumSet.of(DayOfWeek.MONDAY),
                LocalTime.of(9, 30), LocalTime.of(17, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("09:30");
        assertThatThrownBy(() -> new Schedule(Schedule.Kind.OFFICE, BERLIN, EnumSet.of(DayOfWeek.MONDAY),
                LocalTime.of(9, 0), LocalTime.of(9, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profileFormListsDaysInWeekOrderWithHourMinuteTimes() {
        OperatingWindow window = OFFICE.toAvro();

        assertThat(window.getTimezone()).isEqualTo("Europe/Berlin");
        assertThat(window.getDays()).containsExactly(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI);
        assertThat(window.getStart()).isEqualTo("09:00");
        assertThat(window.getEnd()).isEqualTo("17:00");
    }

    @Test
    void anUndeclaredScheduleKeepsItsHoursButTheProfileCarriesNoWindow() {
        Schedule habit = OFFICE.undeclared();

        assertThat(habit.declared()).isFalse();
        assertThat(habit.toAvro()).isNull();
        assertThat(habit.contains(Instant.parse("2025-03-03T08:00:00Z"))).isTrue();
        assertThat(habit.contains(Instant.parse("2025-03-03T16:00:00Z"))).isFalse();
        assertThat(OFFICE.declared()).isTrue();
        assertThat(Schedule.alwaysOn(BERLIN).declared()).isFalse();
    }

    @Test
    void knowsTheLocalHoursOfTheDayTheAgentNeverWorks() {
        assertThat(OFFICE.worksAtLocalHour(9)).isTrue();
        assertThat(OFFICE.worksAtLocalHour(16)).isTrue();
        assertThat(OFFICE.worksAtLocalHour(17)).isFalse();
        assertThat(OFFICE.worksAtLocalHour(3)).isFalse();
        assertThat(NIGHTLY.worksAtLocalHour(23)).isTrue();
        assertThat(NIGHTLY.worksAtLocalHour(2)).isTrue();
        assertThat(NIGHTLY.worksAtLocalHour(3)).isFalse();
        assertThat(NIGHTLY.worksAtLocalHour(12)).isFalse();
        assertThat(Schedule.alwaysOn(BERLIN).worksAtLocalHour(4)).isTrue();
    }

    @Test
    void findsTheFirstOpeningAtOrAfterAnInstant() {
        // Monday 2025-03-03 is a working day; Saturday the 8th is not.
        assertThat(OFFICE.firstOpening(Instant.parse("2025-03-03T10:30:00Z"))).contains(Instant.parse("2025-03-03T10:30:00Z"));
        assertThat(OFFICE.firstOpening(Instant.parse("2025-03-03T00:00:00Z"))).contains(Instant.parse("2025-03-03T08:00:00Z"));
        assertThat(OFFICE.firstOpening(Instant.parse("2025-03-08T12:00:00Z"))).contains(Instant.parse("2025-03-10T08:00:00Z"));
        assertThat(NIGHTLY.firstOpening(Instant.parse("2025-03-04T12:00:00Z"))).contains(Instant.parse("2025-03-10T21:00:00Z"));
    }
}
