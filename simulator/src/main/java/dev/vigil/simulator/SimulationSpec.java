package dev.vigil.simulator;

import dev.vigil.simulator.attack.AttackCatalogue;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What to simulate: {@code agents} registered agents from {@code start} (inclusive) to {@code end} (exclusive),
 * and {@code attacksPerKind} attacks of each of {@code attackKinds} between {@code attacksFrom} and
 * {@code attacksTo}. The same spec gives the same fleet, events and labels, byte for byte.
 *
 * @param attackKinds    rule ids of attack kinds (see {@link FleetSimulator#attackKinds()}), kept sorted
 * @param alwaysOnAgents at least this many agents (the first ones) work around the clock, on top of the usual one in
 *                       ten; a short run at an arbitrary hour (the demo's, on a weekend night) needs agents at work
 *                       to host its attacks, since attacks happen inside an agent's working window
 */
public record SimulationSpec(int agents, Instant start, Instant end, long seed, Instant attacksFrom, Instant attacksTo,
                             int attacksPerKind, Set<String> attackKinds, int alwaysOnAgents) {

    /** Attacks of each kind when none is said. */
    public static final int DEFAULT_ATTACKS_PER_KIND = 5;

    public SimulationSpec {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(attacksFrom, "attacksFrom");
        Objects.requireNonNull(attacksTo, "attacksTo");
        Objects.requireNonNull(attackKinds, "attackKinds");
        require(agents >= 1, "agents must be at least 1, not " + agents);
        require(start.isBefore(end), "start " + start + " must be before end " + end);
        require(!attacksFrom.isBefore(start) && !attacksTo.isAfter(end) && attacksFrom.isBefore(attacksTo),
                "the attack range " + attacksFrom + " - " + attacksTo + " must be a non-empty part of " + start + " - " + end);
        require(attacksPerKind >= 0, "attacksPerKind must not be negative, not " + attacksPerKind);
        require(alwaysOnAgents >= 0 && alwaysOnAgents <= agents,
                "alwaysOnAgents must be between 0 and the " + agents + " agents, not " + alwaysOnAgents);
        attackKinds.forEach(AttackCatalogue::kind);
        attackKinds = Collections.unmodifiableSortedSet(new TreeSet<>(attackKinds));
    }

    /** A spec whose fleet has only the usual share of agents working around the clock. */
    public SimulationSpec(int agents, Instant start, Instant end, long seed, Instant attacksFrom, Instant attacksTo,
                          int attacksPerKind, Set<String> attackKinds) {
        this(agents, start, end, seed, attacksFrom, attacksTo, attacksPerKind, attackKinds, 0);
    }

    /** {@code agents} agents over [start, end) with {@value #DEFAULT_ATTACKS_PER_KIND} attacks of every kind anywhere in it. */
    public static SimulationSpec defaults(int agents, Instant start, Instant end, long seed) {
        return new SimulationSpec(agents, start, end, seed, start, end, DEFAULT_ATTACKS_PER_KIND, AttackCatalogue.names());
    }

    /** A builder starting from {@link #defaults}; the attack range follows start and end unless set. */
    public static Builder builder(int agents, Instant start, Instant end) {
        return new Builder(agents, start, end);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds a spec from the defaults, changing only what is set. */
    public static final class Builder {
        private final int agents;
        private final Instant start;
        private final Instant end;
        private long seed = 42;
        private Instant attacksFrom;
        private Instant attacksTo;
        private int attacksPerKind = DEFAULT_ATTACKS_PER_KIND;
        private SortedSet<String> attackKinds = AttackCatalogue.names();

        private Builder(int agents, Instant start, Instant end) {
            this.agents = agents;
            this.start = start;
            this.end = end;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder attacksBetween(Instant from, Instant to) {
            this.attacksFrom = from;
            this.attacksTo = to;
            return this;
        }

        public Builder attacksPerKind(int value) {
            this.attacksPerKind = value;
            return this;
        }

        public Builder attackKinds(Set<String> kinds) {
            this.attackKinds = new TreeSet<>(kinds);
            return this;
        }

        public SimulationSpec build() {
            return new SimulationSpec(agents, start, end, seed, attacksFrom == null ? start : attacksFrom,
                    attacksTo == null ? end : attacksTo, attacksPerKind, attackKinds);
        }
    }
}
