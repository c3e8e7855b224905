package dev.vigil.topology.baseline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Hour-of-week slots: 168 of them, Monday 00:00 first. Where a whole week of data per slot is too thin, detectors
 * use the 48 {@link #dayTypeSlot day-type slots} (weekday or weekend × hour of day), which a week fills five or
 * two times over.
 */
public final class HourOfWeek {

    public static final int SLOTS = 168;
    public static final int DAY_TYPE_SLOTS = 48;

    private HourOfWeek() {
    }

    /** The hour-of-week slot of {@code time} in {@code zone} (0 = Monday 00:00–01:00). */
    public static int slot(long time, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(time).atZone(zone);
        return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
    }

    public static int slot(long time) {
        return slot(time, ZoneOffset.UTC);
    }

    /** 0–23 for weekdays, 24–47 for Saturday and Sunday, by hour of day in {@code zone}. */
    public static int dayTypeSlot(long time, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(time).atZone(zone);
        return (isWeekend(t.getDayOfWeek()) ? 24 : 0) + t.getHour();
    }

    public static boolean isWeekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** True for a Saturday or Sunday night (22:00–06:00 local), when off-hours activity is more suspicious. */
    public static boolean isWeekendNight(long time, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(time).atZone(zone);
        int h = t.getHour();
        DayOfWeek d = t.getDayOfWeek();
        return (h >= 22 && (d == DayOfWeek.FRIDAY || d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY))
                || (h < 6 && (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY || d == DayOfWeek.MONDAY));
    }
}
