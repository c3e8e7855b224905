package dev.vigil.simulator.attack;

import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * What an attack kind may use when it plans: where the run starts (traffic before an attack, such as a
 * baseline hour, may lie anywhere in the run), the range the attack itself must fall in, and fresh agent numbers
 * for identities that no profile knows. The planner narrows {@code from} for each host (see
 * {@link AttackKind#needsCalibration}), so a kind only has to respect the range it is given.
 *
 * @param ordinal which attack of its kind this is, from 1: a kind with variants takes them in turn by it, so that
 *                five attacks of a kind hold every variant whichever hosts the planner happens to draw
 */
public record AttackContext(Instant runStart, Instant from, Instant to, IntSupplier freshAgentNumbers, int ordinal) {

    /** The context of a kind's first attack. */
    public AttackContext(Instant runStart, Instant from, Instant to, IntSupplier freshAgentNumbers) {
        this(runStart, from, to, freshAgentNumbers, 1);
    }

    /** This context with the range starting no earlier than {@code earliest}. */
    public AttackContext notBefore(Instant earliest) {
        return earliest.isAfter(from) ? new AttackContext(runStart, earliest, to, freshAgentNumbers, ordinal) : this;
    }

    /** This context for the {@code value}-th attack of a kind. */
    public AttackContext ordinal(int value) {
        return new AttackContext(runStart, from, to, freshAgentNumbers, value);
    }

    /**
     * True when the attack range reaches a day past {@link AttackPlanner#LEARNING} into the run, so that an attack
     * waiting for a calibrated host can find a place; a kind whose variants differ in that offers only the others
     * when this is false.
     */
    public boolean leavesTimeToLearn() {
        return !to.isBefore(runStart.plus(AttackPlanner.LEARNING).plus(Duration.ofDays(1)));
    }

    /** The variant of {@code variants} whose turn it is: the first for the first attack, and so on round. */
    public <T> T turn(List<T> variants) {
        return variants.get((ordinal - 1) % variants.size());
    }

    /**
     * A random length between {@code minSeconds} and {@code maxSeconds}, shortened to the attack range when that
     * is shorter, so that a short demo range still holds every kind (zero for a range that is empty).
     */
    public Duration length(Rng rng, int minSeconds, int maxSeconds) {
        long range = Math.max(0, Duration.between(from, to).toSeconds());
        return Duration.ofSeconds(Math.min(rng.between(minSeconds, maxSeconds), range));
    }
}
