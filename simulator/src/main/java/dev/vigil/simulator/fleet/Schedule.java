package dev.vigil.simulator.fleet;

import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * When an agent works: local start and end on whole hours, on the listed days, in its IANA zone. An end before
 * the start means the window crosses midnight, and then a listed day names the evening the window opens. An
 * {@link Kind#ALWAYS_ON} agent works around the clock and declares no window, leaving detectors to learn it.
 * Because windows start and end on whole hours and the simulator only uses zones whose offsets are whole hours,
 * every UTC hour lies entirely inside or entirely outside a window — the traffic model relies on that.
 */
public record Schedule(Kind kind, ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    /** The habit the window stands for; only used to describe and to choose rates. */
    public enum Kind { OFFICE, NIGHTLY_BATCH, WEEKEND, ALWAYS_ON }

    public Schedule {
        days = Set.copyOf(days);
        if (kind != Kind.ALWAYS_ON && (start.getMinute() != 0 || end.getMinute() != 0 || start.equals(end))) {
            throw new IllegalArgumentException("a window runs between two different whole hours: " + start + "-" + end);
        }
    }

    /** Around the clock, every day, in {@code zone}. */
    public static Schedule alwaysOn(ZoneId zone) {
        return new Schedule(Kind.ALWAYS_ON, zone, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    /** True when {@code instant} falls inside the window. */
    public boolean contains(Instant instant) {
        if (kind == Kind.ALWAYS_ON) {
            return true;
        }
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (start.isBefore(end)) {
            return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
        return (days.contains(day) && !time.isBefore(start)) || (days.contains(day.minus(1)) && time.isBefore(end));
    }

    /** Length of one opening of the window, in hours. */
    public int hoursPerOpening() {
        if (kind == Kind.ALWAYS_ON) {
            return 24;
        }
        int hours = end.getHour() - start.getHour();
        return hours > 0 ? hours : hours + 24;
    }

    /** The profile's form of the window (DESIGN.md: timezone, days, HH:MM start and end); null when always on. */
    public OperatingWindow toAvro() {
        if (kind == Kind.ALWAYS_ON) {
            return null;
        }
        List<Weekday> weekdays = EnumSet.copyOf(days).stream().map(d -> Weekday.values()[d.ordinal()]).toList();
        return new OperatingWindow(zone.getId(), weekdays, start.toString(), end.toString());
    }
}
