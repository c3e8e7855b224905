package dev.vigil.simulator.attack;

import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * What an attack kind may use when it plans: where the run starts (traffic before an attack, such as a
 * baseline hour, may lie anywhere in the run), the range the attack itself must fall in, and fresh agent numbers
 * for identities that no profile knows. The planner narrows {@code from} for each host (see
 * {@link AttackKind#needsCalibration}), so a kind only has to respect the range it is given.
 */
public record AttackContext(Instant runStart, Instant from, Instant to, IntSupplier freshAgentNumbers) {

    /** This context with the range starting no earlier than {@code earliest}. */
    public AttackContext notBefore(Instant earliest) {
        return earliest.isAfter(from) ? new AttackContext(runStart, earliest, to, freshAgentNumbers) : this;
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
