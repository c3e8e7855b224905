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
    private static final long QUARTER_MILLIS = 900_000;

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

    /**
     * The context narrowed to start no earlier than {@link AttackPlanner#LEARNING} into the run, for a kind that
     * {@link AttackKind#needsCalibration needs a calibrated agent}: behaviour rules only mark what they see before.
     */
    static AttackContext afterCalibration(AttackContext context) {
        return context.notBefore(context.runStart().plus(AttackPlanner.LEARNING));
    }

    /**
     * A whole UTC hour H such that [H − lead, H + 1 h + tail] lies in the context's range and the agent works all
     * of it; empty if a few random tries find none. For attacks about an hour's figures: whether a detector counts
     * clock hours or the last 60 minutes, it sees the whole attack in one hour.
     */
    static Optional<Instant> hourInWindow(Schedule schedule, AttackContext context, Duration lead, Duration tail, Rng rng) {
        long low = Math.floorDiv(context.from().plus(lead).toEpochMilli() + HOUR_MILLIS - 1, HOUR_MILLIS);
        long high = Math.floorDiv(context.to().minus(tail).toEpochMilli(), HOUR_MILLIS) - 1;
        if (high < low) {
            return Optional.empty();
        }
        for (int i = 0; i < TRIES; i++) {
            long hour = rng.below(low, high + 1) * HOUR_MILLIS;
            if (covered(schedule, hour - lead.toMillis(), hour + HOUR_MILLIS + tail.toMillis())) {
                return Optional.of(Instant.ofEpochMilli(hour));
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #inWindow} without a lead, and inside the third or fourth quarter of a UTC hour (so
     * {@code length} must be under 15 minutes): for bursts judged over 15 minutes, which a detector may count in
     * fixed quarters. Those quarters, and the 15 minutes before them, are clear of a cron agent's burst on the hour.
     */
    static Optional<Instant> inQuarter(Schedule schedule, AttackContext context, Duration length, Rng rng) {
        Optional<Instant> near = inWindow(schedule, context, Duration.ZERO, length, rng);
        if (near.isEmpty()) {
            return near;
        }
        long hour = Math.floorDiv(near.get().toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS;
        long quarter = hour + rng.between(2, 3) * QUARTER_MILLIS;
        long start = rng.below(quarter, quarter + QUARTER_MILLIS - length.toMillis());
        boolean fits = !Instant.ofEpochMilli(start).isBefore(context.from())
                && !Instant.ofEpochMilli(start).plus(length).isAfter(context.to())
                && covered(schedule, start, start + length.toMillis());
        return fits ? Optional.of(Instant.ofEpochMilli(start)) : Optional.empty();
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

    /**
     * {@code count} times from {@code start} to {@code end} at an even pace: both ends, and the rest on the even
     * grid moved by up to {@code jitter} either way. With a jitter under half the step, no two are closer than
     * step − 2 × jitter, so a burst's count in any window of a given length is bounded, which keeps it clear of
     * the rules that count such windows.
     */
    static List<Instant> even(Instant start, Instant end, int count, Duration jitter, Rng rng) {
        List<Instant> times = new ArrayList<>(count);
        long first = start.toEpochMilli();
        double step = count > 1 ? (end.toEpochMilli() - first) / (double) (count - 1) : 0;
        long wobble = Math.min(jitter.toMillis(), (long) (step / 2) - 1);
        times.add(start);
        for (int i = 1; i < count - 1; i++) {
            long at = first + Math.round(i * step);
            times.add(Instant.ofEpochMilli(wobble > 0 ? rng.below(at - wobble, at + wobble + 1) : at));
        }
        if (count > 1) {
            times.add(end);
        }
        return times;
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
