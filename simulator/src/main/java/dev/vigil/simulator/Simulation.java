package dev.vigil.simulator;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.simulator.attack.Attack;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.traffic.EventFactory;
import java.util.Iterator;
import java.util.List;

/**
 * A generated run: the registry, the labelled attacks, and the events. The events are not stored: each call
 * to {@link #events()} generates them again, lazily and identically, so a run of any length streams in bounded
 * memory and can be read more than once.
 */
public final class Simulation {

    private final SimulationSpec spec;
    private final Fleet fleet;
    private final List<Attack> attacks;
    private final List<EventFactory> factories;

    Simulation(SimulationSpec spec, Fleet fleet, List<Attack> attacks) {
        this.spec = spec;
        this.fleet = fleet;
        this.attacks = List.copyOf(attacks);
        this.factories = fleet.agents().stream().map(EventFactory::new).toList();
    }

    public SimulationSpec spec() {
        return spec;
    }

    /** One profile per registered agent, in fleet order; fresh records on each call, free to change. */
    public List<AgentProfile> profiles() {
        return fleet.profiles();
    }

    /** The injected attacks, ordered by start. */
    public List<AttackLabel> labels() {
        return attacks.stream()
                .map(a -> new AttackLabel(a.agentId(), a.rule(), a.start(), a.end(), a.description()))
                .toList();
    }

    /** The planned attacks behind the labels, in the same order, with their scripts (for tests). */
    List<Attack> attacks() {
        return attacks;
    }

    /**
     * All events of the run, strictly in occurredAt order with ties broken by eventId, generated as they are
     * read. Events are new records on each call.
     */
    public Iterator<AgentEvent> events() {
        return new EventStream(factories, attacks, spec.seed(), spec.start(), spec.end());
    }
}
