package dev.vigil.simulator.attack;

import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * What an attack kind may use when it plans: the range attacks must fall in, and fresh agent numbers for
 * identities that no profile knows.
 */
public record AttackContext(Instant from, Instant to, IntSupplier freshAgentNumbers) {
}
