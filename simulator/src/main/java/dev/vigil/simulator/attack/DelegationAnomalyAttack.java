package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.DelegationAction;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code delegation_anomaly}: within one clock hour, the agent delegates to {@value #MIN_CHILDREN}–{@value
 * #MAX_CHILDREN} new child agents over 15–40 minutes, and in half the attacks revokes each one 30 s to 3 min after
 * creating it (create/revoke churn) — a compromised orchestrator fanning out workers, or one hiding what its
 * workers did. An agent with children usually creates about one delegation every two hours; the others none.
 *
 * <p>Each delegation is one level deep, as the agent's own are (a deeper chain would be delegation_depth), and
 * creates at least 47 s apart, or 65 s when each is followed by its revoke, put about 12 delegation events at most in
 * any 5 minutes, leaving the agent's own traffic room under velocity_spike's 20.
 */
public final class DelegationAnomalyAttack implements AttackKind {

    public static final String RULE = "delegation_anomaly";
    static final int MIN_CHILDREN = 12;
    static final int MAX_CHILDREN = 20;
    static final double CHURN_SHARE = 0.5;
    private static final Duration LONGEST_REVOKE_DELAY = Duration.ofMinutes(3);

    /** One delegation event of the attack, fixed when it is planned so that the label knows its first and last. */
    private record Step(Instant at, DelegationAction action, String child) {
    }

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public boolean needsHistory() {
        return true;
    }

    @Override
    public boolean needsCalibration(Agent target) {
        return true;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        Optional<Instant> hour = Slots.hourInWindow(target.activity().schedule(), Slots.afterCalibration(context),
                Duration.ZERO, Duration.ZERO, rng);
        if (hour.isEmpty()) {
            return Optional.empty();
        }
        int children = rng.between(MIN_CHILDREN, MAX_CHILDREN);
        boolean churn = rng.chance(CHURN_SHARE);
        long shortest = Math.max(15 * 60, (children - 1) * (churn ? 65L : 30L));
        Duration length = Duration.ofSeconds(rng.below(shortest, 40 * 60 + 1));
        long room = Duration.ofHours(1).minus(length).minus(LONGEST_REVOKE_DELAY).toMillis();
        Instant start = hour.get().plusMillis(rng.below(0, room));
        List<Step> steps = steps(target, start, start.plus(length), children, churn, rng);
        long seed = rng.nextLong();
        Instant first = steps.get(0).at();
        Instant last = steps.get(steps.size() - 1).at();
        String description = String.format("%d delegations to new child agents in %d min%s", children,
                Duration.between(first, last).toMinutes(), churn ? ", each revoked within 3 min (create/revoke churn)" : "");
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), first, last, description,
                () -> events(target, steps, seed)));
    }

    private static List<Step> steps(Agent target, Instant start, Instant end, int children, boolean churn, Rng rng) {
        int firstNumber = rng.between(100, 899);
        List<Step> steps = new ArrayList<>();
        List<Instant> creates = Slots.even(start, end, children, Duration.ofSeconds(5), rng);
        for (int i = 0; i < children; i++) {
            String child = target.agentId() + "-worker-" + (firstNumber + i);
            steps.add(new Step(creates.get(i), DelegationAction.create, child));
            if (churn) {
                steps.add(new Step(creates.get(i).plusMillis(rng.below(30_000, LONGEST_REVOKE_DELAY.toMillis())),
                        DelegationAction.revoke, child));
            }
        }
        steps.sort(Comparator.comparing(Step::at));
        return List.copyOf(steps);
    }

    private static List<AgentEvent> events(Agent target, List<Step> steps, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return steps.stream().map(step -> factory.delegation(step.at(), rng, step.action(), step.child())).toList();
    }
}
