package dev.vigil.topology.detect.offhours;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatingHoursTest {

    /** Monday 2026-03-02, UTC. */
    private static long at(String time) {
        return Instant.parse("2026-03-02T" + time + "Z").toEpochMilli();
    }

    @Test
    void anEmptyDayListMeansEveryDay() {
        OperatingHours hours = OperatingHours.of(new OperatingWindow("UTC", List.of(), "09:00", "17:00"));

        assertThat(hours.contains(at("10:00:00"))).isTrue();
        assertThat(hours.contains(Instant.parse("2026-03-08T10:00:00Z").toEpochMilli())).as("a Sunday").isTrue();
        assertThat(hours).hasToString("every day 09:00–17:00 UTC");
    }

    @Test
    void anEndEqualToTheStartIsAWholeDayFromTheStart() {
        OperatingHours hours = OperatingHours.of(new OperatingWindow("UTC", List.of(Weekday.MON), "06:00", "06:00"));

        assertThat(hours.contains(at("05:59:59"))).as("Sunday's window is not listed").isFalse();
        assertThat(hours.contains(at("06:00:00"))).isTrue();
        assertThat(hours.contains(Instant.parse("2026-03-03T05:59:59Z").toEpochMilli())).isTrue();
        assertThat(hours.contains(Instant.parse("2026-03-03T06:00:00Z").toEpochMilli())).isFalse();
    }

    @Test
    void anUnreadableWindowCountsAsNone() {
        assertThat(OperatingHours.of(null)).isNull();
        assertThat(OperatingHours.of(new OperatingWindow("Mars/Olympus", List.of(), "09:00", "17:00"))).isNull();
        assertThat(OperatingHours.of(new OperatingWindow("UTC", List.of(), "9:00", "17:00"))).isNull();
        assertThat(OperatingHours.of(new OperatingWindow("UTC", List.of(), "09:00", "24:00"))).isNull();
    }

    @Test
    void daysReadAsARunOrAList() {
        assertThat(OperatingHours.of(new OperatingWindow("UTC",
                List.of(Weekday.TUE, Weekday.MON, Weekday.WED, Weekday.THU, Weekday.FRI), "09:00", "17:00")))
                .hasToString("MON–FRI 09:00–17:00 UTC");
        assertThat(OperatingHours.of(new OperatingWindow("UTC", List.of(Weekday.SAT, Weekday.SUN), "09:00", "17:00")))
                .hasToString("SAT, SUN 09:00–17:00 UTC");
        assertThat(OperatingHours.of(new OperatingWindow("UTC", List.of(Weekday.MON, Weekday.WED, Weekday.FRI), "09:00", "17:00")))
                .hasToString("MON, WED, FRI 09:00–17:00 UTC");
    }
}
