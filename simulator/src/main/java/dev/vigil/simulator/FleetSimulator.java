package dev.vigil.simulator;

import dev.vigil.simulator.attack.AttackCatalogue;
import dev.vigil.simulator.attack.AttackPlanner;
import dev.vigil.simulator.attack.ScopeEscalationAttack;
import dev.vigil.simulator.attack.UnknownAgentAttack;
import dev.vigil.simulator.attack.VelocitySpikeAttack;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Realistic traffic for a fleet of AI agents, with labelled attacks injected into it, deterministic for a seed.
 * Used by {@code vigil simulate} and {@code vigil demo}, and as the yardstick for detection quality. Prints
 * nothing.
 */
public final class FleetSimulator {

    private static final List<String> DEMO_KINDS = List.of(
            UnknownAgentAttack.RULE, ScopeEscalationAttack.RULE, VelocitySpikeAttack.RULE);

    private FleetSimulator() {
    }

    /**
     * Draws the fleet and places the attacks of {@code spec}; events are generated when read. Throws
     * {@link IllegalArgumentException} when the requested attacks do not fit the attack range.
     */
    public static Simulation generate(SimulationSpec spec) {
        Fleet fleet = FleetFactory.build(spec.agents(), spec.seed(), spec.alwaysOnAgents());
        var attacks = AttackPlanner.plan(fleet, spec.start(), spec.attacksFrom(), spec.attacksTo(),
                spec.attacksPerKind(), new TreeSet<>(spec.attackKinds()), spec.seed());
        return new Simulation(spec, fleet, attacks);
    }

    /** The attack kinds a spec may ask for, by rule id, sorted. */
    public static SortedSet<String> attackKinds() {
        return AttackCatalogue.names();
    }

    /**
     * The kinds a run of {@code days} can hold: all of them from {@link AttackPlanner#MIN_LEARNED_RUN_DAYS} days on;
     * in a shorter run, only those that need no learned baseline.
     */
    public static SortedSet<String> attackKindsFor(int days) {
        if (days >= AttackPlanner.MIN_LEARNED_RUN_DAYS) {
            return attackKinds();
        }
        SortedSet<String> fit = new TreeSet<>();
        for (String name : AttackCatalogue.names()) {
            if (!AttackCatalogue.kind(name).needsHistory()) {
                fit.add(name);
            }
        }
        return Collections.unmodifiableSortedSet(fit);
    }

    /**
     * The kinds {@code vigil demo} shows, sorted: those that fit a few minutes of any hour on an always-on agent
     * without a calibrated baseline (an unknown agent, a scope escalation, a velocity spike).
     */
    public static SortedSet<String> demoAttackKinds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(DEMO_KINDS));
    }
}
