package dev.vigil.simulator;

import dev.vigil.simulator.attack.AttackCatalogue;
import dev.vigil.simulator.attack.AttackPlanner;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Duration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Realistic traffic for a fleet of AI agents, with labelled attacks injected into it, deterministic for a seed.
 * Used by {@code vigil simulate} and {@code vigil demo}, and as the yardstick for detection quality. Prints
 * nothing.
 */
public final class FleetSimulator {

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
     * The kinds whose attacks may start within {@code length} of a run's start: behaviour kinds start only after
     * the agents' calibration ({@link #earliestStart}), so a shorter run leaves them out (see AttackPlanner).
     */
    public static SortedSet<String> attackKinds(Duration length) {
        return AttackCatalogue.names().stream().filter(kind -> earliestStart(kind).compareTo(length) < 0)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How long into a run the attacks of {@code kind} start at the earliest. */
    public static Duration earliestStart(String kind) {
        return AttackCatalogue.kind(kind).earliestStart();
    }
}
