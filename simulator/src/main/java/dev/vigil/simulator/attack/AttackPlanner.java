package dev.vigil.simulator.attack;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Places the attacks of a run: for each kind, the requested number on randomly chosen agents at random moments
 * in the attack range. Two attacks never share a host within an hour of each other, so each label's events
 * stand alone and a velocity spike's baseline hour is clean.
 */
public final class AttackPlanner {

    private static final Duration SEPARATION = Duration.ofHours(1);
    private static final int ATTEMPTS_PER_ATTACK = 2_000;

    private final Fleet fleet;
    private final Map<Integer, List<Attack>> byHost = new HashMap<>();
    private int lastAgentNumber;

    private AttackPlanner(Fleet fleet) {
        this.fleet = fleet;
        this.lastAgentNumber = fleet.size();
    }

    /**
     * {@code perKind} attacks of each of {@code kinds} in [from, to], ordered by start; throws
     * {@link IllegalArgumentException} when the range or the fleet leaves no room for them.
     */
    public static List<Attack> plan(Fleet fleet, Instant from, Instant to, int perKind, SortedSet<String> kinds,
                                    long seed) {
        return new AttackPlanner(fleet).placeAll(from, to, perKind, new TreeSet<>(kinds), seed);
    }

    private List<Attack> placeAll(Instant from, Instant to, int perKind, SortedSet<String> kinds, long seed) {
        AttackContext context = new AttackContext(from, to, () -> ++lastAgentNumber);
        List<Attack> attacks = new ArrayList<>();
        for (String name : kinds) {
            AttackKind kind = AttackCatalogue.kind(name);
            Rng rng = Rng.of(seed, Purpose.ATTACK_PLAN, name.hashCode());
            for (int i = 1; i <= perKind; i++) {
                attacks.add(placeOne(kind, context, rng, i, perKind));
            }
        }
        attacks.sort(Comparator.comparing(Attack::start).thenComparing(Attack::agentId));
        return attacks;
    }

    private Attack placeOne(AttackKind kind, AttackContext context, Rng rng, int index, int perKind) {
        for (int attempt = 0; attempt < ATTEMPTS_PER_ATTACK; attempt++) {
            Agent host = rng.pick(fleet.agents());
            var attack = kind.plan(context, host, rng);
            if (attack.isPresent() && isFree(attack.get())) {
                byHost.computeIfAbsent(host.number(), h -> new ArrayList<>()).add(attack.get());
                return attack.get();
            }
        }
        throw new IllegalArgumentException("could not place " + kind.rule() + " attack " + index + " of " + perKind
                + " between " + context.from() + " and " + context.to() + " on " + fleet.size()
                + " agents; widen the attack range or ask for fewer attacks");
    }

    private boolean isFree(Attack attack) {
        for (Attack other : byHost.getOrDefault(attack.hostNumber(), List.of())) {
            boolean apart = attack.end().plus(SEPARATION).isBefore(other.start())
                    || other.end().plus(SEPARATION).isBefore(attack.start());
            if (!apart) {
                return false;
            }
        }
        return true;
    }
}
