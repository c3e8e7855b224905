package dev.vigil.simulator.attack;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Rng;
import java.util.Optional;

/**
 * One kind of attack the simulator can inject, named by the rule that should catch it. A kind picks a moment
 * that suits it on the agent it is given and scripts events that look like that agent's own apart from the one
 * thing the attack is about. Adding a kind is one class here and one line in {@link AttackCatalogue}.
 */
public interface AttackKind {

    /** The rule id this attack should trigger; also the kind's name in a simulation spec. */
    String rule();

    /** An attack on (or next to) {@code target} inside the context's range, or empty when the agent offers no slot. */
    Optional<Attack> plan(AttackContext context, Agent target, Rng rng);

    /**
     * True when the rule can only see this attack on {@code target} against what it has learned of the agent —
     * its hours, countries, tools, principals, capabilities or volumes — rather than against its profile. The
     * planner then gives {@link #plan} a range that starts once the target's calibration is over: at least
     * {@link AttackPlanner#LEARNING} into the run, and at least the profile's calibration days plus an hour after
     * the target's first working hour (a weekend worker first works on day 6). False by default: a rule violation
     * is seen from the agent's first event.
     */
    default boolean needsCalibration(Agent target) {
        return false;
    }

    /**
     * True when some of this kind's attacks need a calibrated host ({@link #needsCalibration} true for some agents):
     * such a kind needs a run of at least {@link AttackPlanner#MIN_LEARNED_RUN_DAYS} days.
     */
    default boolean needsHistory() {
        return false;
    }
}
