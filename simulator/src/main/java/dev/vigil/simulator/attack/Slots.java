package dev.vigil.simulator.attack;

import dev.vigil.simulator.fleet.Schedule;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finding moments for attacks. Attacks happen while the agent works — an attack at 3 a.m. on an office agent
 * would also be an off-hours anomaly, and a label must name the one rule its events should trigger — except
 * the off-hours attack itself, which happens well away from the agent's hours.
 */
final class Slots {

    private static final int TRIES = 64;
    private static final long HOUR_MILLIS = 3_600_000;

    private Slots() {
    }

    /**
     * A start time in the context's range, at least {@code before} after the run starts and leaving room for
     * {@code length} before the range ends, such that the agent's window covers all of [start − before,
     * start + length]; empty if a few random tries find none.
     */
    static Optional<Instant> inWindow(Schedule schedule, AttackContext context, Duration before, Duration length,
                                      Rng rng) {
        long low = Math.max(context.from().toEpochMilli(), context.runStart().plus(before).toEpochMilli());
        long high = context.to().minus(length).toEpochMilli();
        if (high < low) {
            return Optional.empty();
        }
        for (int i = 0; i < TRIES; i++) {
            long start = rng.below(low, high + 1);
            if (covered(schedule, start - before.toMillis(), start + length.toMillis())) {
                return Optional.of(Instant.ofEpochMilli(start));
            }
        }
        return Optional.empty();
    }

    /**
     * A start time in the context's range, leaving room for {@code length}, such that nothing of [start − margin,
     * start + length + margin] lies in the agent's window; with {@code neverWorked}, moreover, the agent works at
     * none of those local hours of the day on any day of the week (the test for an agent that declares no window:
     * only such an hour is certain to be new to whatever a detector learned). Empty for an agent that works
     * around the clock, or if a few random tries find nothing.
     */
    static Optional<Instant> offHours(Schedule schedule, AttackContext context, Duration margin, Duration length,
                                      boolean neverWorked, Rng rng) {
        long low = context.from().toEpochMilli();
        long high = context.to().minus(length).toEpochMilli();
        if (high < low || schedule.kind() == Schedule.Kind.ALWAYS_ON) {
            return Optional.empty();
        }
        for (int i = 0; i < TRIES; i++) {
            long start = rng.below(low, high + 1);
            long from = start - margin.toMillis();
            long to = start + length.plus(margin).toMillis();
            if (everyHour(from, to, at -> !schedule.contains(at)
                    && (!neverWorked || !schedule.worksAtLocalHour(at.atZone(schedule.zone()).getHour())))) {
                return Optional.of(Instant.ofEpochMilli(start));
            }
        }
        return Optional.empty();
    }

    private static boolean covered(Schedule schedule, long from, long to) {
        return everyHour(from, to, schedule::contains);
    }

    /**
     * True when {@code test} holds at both ends and at every hour boundary between. Windows open and close on whole
     * hours of whole-hour zones, so for a window that is exact.
     */
    private static boolean everyHour(long from, long to, Predicate<Instant> test) {
        if (!test.test(Instant.ofEpochMilli(from)) || !test.test(Instant.ofEpochMilli(to))) {
            return false;
        }
        for (long hour = Math.floorDiv(from, HOUR_MILLIS) * HOUR_MILLIS + HOUR_MILLIS; hour < to; hour += HOUR_MILLIS) {
            if (!test.test(Instant.ofEpochMilli(hour))) {
                return false;
            }
        }
        return true;
    }

    /** {@code count} times from {@code start} to {@code end}: both ends, and the rest uniform between, ascending. */
    static List<Instant> spread(Instant start, Instant end, int count, Rng rng) {
        long first = start.toEpochMilli();
        long last = end.toEpochMilli();
        List<Long> middle = new ArrayList<>();
        for (int i = 0; i < count - 2; i++) {
            middle.add(rng.below(first, last + 1));
        }
        middle.sort(null);
        List<Instant> times = new ArrayList<>(count);
        times.add(start);
        middle.forEach(t -> times.add(Instant.ofEpochMilli(t)));
        if (count > 1) {
            times.add(end);
        }
        return times;
    }
}
