package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import java.time.Instant;
import java.util.List;

/**
 * One planned attack: what it should trigger, on which agent, from its first event to its last, and a script
 * that produces its events when the simulation reaches them (so a plan costs nothing until then).
 *
 * @param rule       the detector rule the attack should trigger
 * @param agentId    the agent the events carry (for an unknown agent, the unregistered id)
 * @param hostNumber the registered agent the attack runs next to; no two attacks share a host at once
 * @param start      occurredAt of the first attack event
 * @param end        occurredAt of the last attack event
 */
public record Attack(String rule, String agentId, int hostNumber, Instant start, Instant end, String description,
                     Script script) {

    /** Produces an attack's events, the same ones every time, each within [start, end]. */
    @FunctionalInterface
    public interface Script {
        List<AgentEvent> events();
    }

    public List<AgentEvent> events() {
        return script.events();
    }
}
