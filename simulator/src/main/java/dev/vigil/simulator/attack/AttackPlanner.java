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
 * in the attack range. Each label must stand alone, so:
 * <ul>
 *   <li>two attacks on the same agent id are at least an hour apart (a velocity spike's baseline hour is clean),
 *       and no agent gets two attacks of the same kind (the second "new" principal or country would no longer be
 *       new, and the rule's alert would still be open);</li>
 *   <li>an attack starts after its host's first working hour, so an agent's first events are its own;</li>
 *   <li>a kind that {@link AttackKind#needsCalibration needs the host calibrated} starts at least
 *       {@link #LEARNING} into the run and the calibration days plus an hour after the host's first working
 *       hour.</li>
 * </ul>
 * (An unknown agent's events carry its own id, so it may run next to a host that is under another attack.)
 */
public final class AttackPlanner {

    /** How far into the run an attack that needs a calibrated host starts at the earliest: calibration plus a day. */
    public static final Duration LEARNING = Duration.ofDays(Agent.CALIBRATION_DAYS + 1L);

    /** The shortest run that holds the kinds that {@link AttackKind#needsHistory() need history}. */
    public static final int MIN_LEARNED_RUN_DAYS = Agent.CALIBRATION_DAYS + 3;
    private static final Duration SEPARATION = Duration.ofHours(1);
    private static final Duration FIRST_HOUR = Duration.ofHours(1);
    private static final int ATTEMPTS_PER_ATTACK = 2_000;

    private final Fleet fleet;
    private final Map<String, List<Attack>> byAgent = new HashMap<>();
    private final Map<Integer, Instant> firstWork = new HashMap<>();
    private int lastAgentNumber;

    private AttackPlanner(Fleet fleet) {
        this.fleet = fleet;
        this.lastAgentNumber = fleet.size();
    }

    /**
     * {@code perKind} attacks of each of {@code kinds} in [from, to] of a run that starts at {@code runStart},
     * ordered by start; throws
     * {@link IllegalArgumentException} when the range or the fleet leaves no room for them.
     */
    public static List<Attack> plan(Fleet fleet, Instant runStart, Instant from, Instant to, int perKind,
                                    SortedSet<String> kinds, long seed) {
        AttackPlanner planner = new AttackPlanner(fleet);
        return planner.placeAll(new AttackContext(runStart, from, to, () -> ++planner.lastAgentNumber), perKind,
                new TreeSet<>(kinds), seed);
    }

    private List<Attack> placeAll(AttackContext context, int perKind, SortedSet<String> kinds, long seed) {
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
            var attack = kind.plan(contextFor(kind, host, context.ordinal(index)), host, rng);
            if (attack.isPresent() && isFree(attack.get())) {
                byAgent.computeIfAbsent(attack.get().agentId(), a -> new ArrayList<>()).add(attack.get());
                return attack.get();
            }
        }
        throw new IllegalArgumentException("could not place " + kind.rule() + " attack " + index + " of " + perKind
                + " between " + context.from() + " and " + context.to() + " on " + fleet.size()
                + " agents; widen the attack range or ask for fewer attacks");
    }

    /** The range an attack on {@code host} may use: after its first working hour, and after its calibration if need be. */
    private AttackContext contextFor(AttackKind kind, Agent host, AttackContext context) {
        Instant first = firstWork.computeIfAbsent(host.number(),
                n -> host.activity().schedule().firstOpening(context.runStart()).orElse(context.to()));
        Instant earliest = first.plus(FIRST_HOUR);
        if (kind.needsCalibration(host)) {
            Instant calibrated = first.plus(Duration.ofDays(Agent.CALIBRATION_DAYS)).plus(FIRST_HOUR);
            Instant learned = context.runStart().plus(LEARNING);
            earliest = calibrated.isAfter(learned) ? calibrated : learned;
        }
        return context.notBefore(earliest);
    }

    private boolean isFree(Attack attack) {
        for (Attack other : byAgent.getOrDefault(attack.agentId(), List.of())) {
            boolean apart = attack.end().plus(SEPARATION).isBefore(other.start())
                    || other.end().plus(SEPARATION).isBefore(attack.start());
            if (!apart || other.rule().equals(attack.rule())) {
                return false;
            }
        }
        return true;
    }
}
