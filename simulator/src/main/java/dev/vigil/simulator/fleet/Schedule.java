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
import java.util.Optional;
import java.util.Set;

/**
 * When an agent works: local start and end on whole hours, on the listed days, in its IANA zone. An end before
 * the start means the window crosses midnight, and then a listed day names the evening the window opens. An
 * {@link Kind#ALWAYS_ON} agent works around the clock and declares no window, leaving detectors to learn it.
 * Because windows start and end on whole hours and the simulator only uses zones whose offsets are whole hours,
 * every UTC hour lies entirely inside or entirely outside a window — the traffic model relies on that.
 *
 * <p>The window is the agent's habit whether or not its profile declares it: an {@link #undeclared()} schedule
 * keeps the same hours (the agent still never works outside them) but its profile carries no
 * {@code operatingWindow}, so a detector has to learn the hours from the traffic.
 *
 * @param declared whether the profile declares the window (never for {@link Kind#ALWAYS_ON})
 */
public record Schedule(Kind kind, ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, boolean declared) {

    private static final int HOURS_PER_DAY = 24;
    private static final long HOUR_MILLIS = 3_600_000;
    private static final int SEARCH_HOURS = 8 * HOURS_PER_DAY;

    /** The habit the window stands for; only used to describe and to choose rates. */
    public enum Kind { OFFICE, NIGHTLY_BATCH, WEEKEND, ALWAYS_ON }

    public Schedule {
        days = Set.copyOf(days);
        declared = declared && kind != Kind.ALWAYS_ON;
        if (kind != Kind.ALWAYS_ON && (start.getMinute() != 0 || end.getMinute() != 0 || start.equals(end))) {
            throw new IllegalArgumentException("a window runs between two different whole hours: " + start + "-" + end);
        }
    }

    /** A window the profile declares (an always-on schedule never declares one). */
    public Schedule(Kind kind, ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        this(kind, zone, days, start, end, true);
    }

    /** Around the clock, every day, in {@code zone}. */
    public static Schedule alwaysOn(ZoneId zone) {
        return new Schedule(Kind.ALWAYS_ON, zone, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, false);
    }

    /** The same hours, kept as a habit only: the profile declares no window. */
    public Schedule undeclared() {
        return new Schedule(kind, zone, days, start, end, false);
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

    /**
     * True when the agent works at local hour-of-day {@code hour} (0–23) on at least one day of the week. An hour
     * for which this is false is one the agent never works, whatever the day.
     */
    public boolean worksAtLocalHour(int hour) {
        if (kind == Kind.ALWAYS_ON) {
            return true;
        }
        int from = start.getHour();
        int to = end.getHour();
        return from < to ? hour >= from && hour < to : hour >= from || hour < to;
    }

    /** The first instant at or after {@code from} inside the window, if the window opens in the next eight days. */
    public Optional<Instant> firstOpening(Instant from) {
        if (contains(from)) {
            return Optional.of(from);
        }
        long hour = Math.floorDiv(from.toEpochMilli(), HOUR_MILLIS) + 1;
        for (int i = 0; i < SEARCH_HOURS; i++, hour++) {
            Instant at = Instant.ofEpochMilli(hour * HOUR_MILLIS);
            if (contains(at)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /** Length of one opening of the window, in hours. */
    public int hoursPerOpening() {
        if (kind == Kind.ALWAYS_ON) {
            return 24;
        }
        int hours = end.getHour() - start.getHour();
        return hours > 0 ? hours : hours + 24;
    }

    /** The profile's form of the window (DESIGN.md: timezone, days, HH:MM start and end); null when not declared. */
    public OperatingWindow toAvro() {
        if (!declared) {
            return null;
        }
        List<Weekday> weekdays = EnumSet.copyOf(days).stream().map(d -> Weekday.values()[d.ordinal()]).toList();
        return new OperatingWindow(zone.getId(), weekdays, start.toString(), end.toString());
    }
}
