package dev.vigil.topology.detect.offhours;

import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Weekday;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A profile's {@code operatingWindow}, read: local start and end (minute of day) on the listed days, in its IANA
 * zone (daylight saving included). An end before the start runs past midnight, and a listed day names the
 * evening the window opens ({@code FRI 22:00–06:00} covers Friday night into Saturday morning). The start is
 * inside, the end is not. Two readings the schema leaves open: an empty {@code days} list means every day, and
 * an end equal to the start means a whole day from the start.
 */
final class OperatingHours {

    private static final int MINUTES_PER_DAY = 24 * 60;

    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final int start;
    private final int end;
    private final String text;

    private OperatingHours(ZoneId zone, Set<DayOfWeek> days, int start, int end, String text) {
        this.zone = zone;
        this.days = days;
        this.start = start;
        this.end = end;
        this.text = text;
    }

    /**
     * The window of {@code window}, or null when there is none or it cannot be read (an unknown zone or a time that
     * is not {@code HH:MM}; profiles published as JSON are checked, raw Avro ones may not be).
     */
    static OperatingHours of(OperatingWindow window) {
        if (window == null) {
            return null;
        }
        int start = minuteOfDay(window.getStart());
        int end = minuteOfDay(window.getEnd());
        if (start < 0 || end < 0) {
            return null;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(window.getTimezone());
        } catch (DateTimeException e) {
            return null;
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Weekday day : window.getDays()) {
            days.add(DayOfWeek.of(day.ordinal() + 1));
        }
        if (days.isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        String text = dayText(days) + " " + window.getStart() + "–" + window.getEnd() + " " + zone.getId();
        return new OperatingHours(zone, days, start, end, text);
    }

    /** True when {@code time} falls inside the window. */
    boolean contains(long time) {
        ZonedDateTime local = Instant.ofEpochMilli(time).atZone(zone);
        int minute = local.getHour() * 60 + local.getMinute();
        DayOfWeek day = local.getDayOfWeek();
        boolean opensToday = days.contains(day);
        boolean openedYesterday = days.contains(day.minus(1));
        if (start < end) {
            return opensToday && minute >= start && minute < end;
        }
        return (opensToday && minute >= start) || (openedYesterday && minute < end);
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code MON–FRI 09:00–17:00 Europe/Berlin}. */
    @Override
    public String toString() {
        return text;
    }

    /** Minutes since midnight of {@code HH:MM}, or -1 when it is not one. */
    static int minuteOfDay(String text) {
        if (text == null || text.length() != 5 || text.charAt(2) != ':') {
            return -1;
        }
        int hours = twoDigits(text, 0);
        int minutes = twoDigits(text, 3);
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return -1;
        }
        int minute = hours * 60 + minutes;
        return minute < MINUTES_PER_DAY ? minute : -1;
    }

    private static int twoDigits(String text, int at) {
        char tens = text.charAt(at);
        char ones = text.charAt(at + 1);
        if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
            return -1;
        }
        return (tens - '0') * 10 + (ones - '0');
    }

    /** {@code every day}, a run such as {@code MON–FRI}, or a list such as {@code MON, WED, SAT}. */
    static String dayText(Set<DayOfWeek> days) {
        if (days.size() == 7) {
            return "every day";
        }
        List<DayOfWeek> sorted = List.copyOf(EnumSet.copyOf(days));
        DayOfWeek first = sorted.get(0);
        DayOfWeek last = sorted.get(sorted.size() - 1);
        boolean run = last.getValue() - first.getValue() == sorted.size() - 1;
        if (run && sorted.size() >= 3) {
            return shortName(first) + "–" + shortName(last);
        }
        return String.join(", ", sorted.stream().map(OperatingHours::shortName).toList());
    }

    static String shortName(DayOfWeek day) {
        return Weekday.values()[day.ordinal()].name();
    }
}
