package dev.vigil.topology.state;

/**
 * A detector's own part of an agent's state: bounded by construction (fixed rings, running moments, capped
 * sets — never a list that grows with events) and able to write itself. Its {@link SectionType} reads it back.
 * Mutable, owned by the one processor that owns the agent.
 */
public interface StateSection {

    void write(StateWriter out);
}
