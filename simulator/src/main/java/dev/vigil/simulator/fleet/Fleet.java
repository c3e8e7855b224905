package dev.vigil.simulator.fleet;

import dev.vigil.avro.AgentProfile;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registered agents of one simulation, in fleet order. */
public record Fleet(List<Agent> agents) {

    public Fleet {
        agents = List.copyOf(agents);
    }

    public int size() {
        return agents.size();
    }

    /** The registry: one profile per agent, in fleet order. */
    public List<AgentProfile> profiles() {
        return agents.stream().map(Agent::profile).toList();
    }

    /** Agents by id. */
    public Map<String, Agent> byId() {
        return agents.stream().collect(Collectors.toUnmodifiableMap(Agent::agentId, Function.identity()));
    }
}
