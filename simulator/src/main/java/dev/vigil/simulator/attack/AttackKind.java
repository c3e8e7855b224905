package dev.vigil.simulator.attack;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.util.Optional;

/**
 * One kind of attack the simulator can inject, named by the rule that should catch it. A kind picks a moment
 * that suits it on the agent it is given and scripts events that look like that agent's own apart from the one
 * thing the attack is about. Adding a kind is one class here and one line in {@link AttackCatalogue}.
 */
public interface AttackKind {

    /** The rule id this attack should trigger; also the kind's name in a simulation spec. */
    String rule();

    /**
     * How long after the run starts this kind's attacks may begin: zero for a rule violation, which fires from an
     * agent's first event; past the agents' calibration for a behaviour rule, which judges an agent only after it.
     * A run whose attack range ends before then gets no attack of this kind.
     */
    default Duration earliestStart() {
        return Duration.ZERO;
    }

    /** An attack on (or next to) {@code target} inside the context's range, or empty when the agent offers no slot. */
    Optional<Attack> plan(AttackContext context, Agent target, Rng rng);
}
