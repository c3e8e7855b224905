package dev.vigil.simulator.attack;

import dev.vigil.simulator.fleet.Schedule;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finding moments for attacks. Attacks happen while the agent works: an attack at 3 a.m. on an office agent
 * would also be an off-hours anomaly, and a label must name the one rule its events should trigger.
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

    /** Windows open and close on whole hours, so checking both ends and every hour boundary between is exact. */
    private static boolean covered(Schedule schedule, long from, long to) {
        if (!schedule.contains(Instant.ofEpochMilli(from)) || !schedule.contains(Instant.ofEpochMilli(to))) {
            return false;
        }
        for (long hour = Math.floorDiv(from, HOUR_MILLIS) * HOUR_MILLIS + HOUR_MILLIS; hour < to; hour += HOUR_MILLIS) {
            if (!schedule.contains(Instant.ofEpochMilli(hour))) {
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
