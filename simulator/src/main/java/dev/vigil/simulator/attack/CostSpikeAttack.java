package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.CostModel;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cost_spike}: {@value #MIN_CALLS}–{@value #MAX_CALLS} calls to the agent's everyday model within 1–4
 * minutes that together cost $60–$120 — prompts stuffed with millions of tokens by a runaway context or by
 * someone spending through its key. The agent usually spends a few cents per 5 minutes, so this is above the
 * rule's $50-in-5-minutes floor and thousands of times its usual 5-minute spend.
 *
 * <p>The model is the one the agent uses most, so atypical_model (a model it never uses) stays quiet, and a
 * handful of calls does not move the receipt rate. The simulated budgets are $20–$30 a day, so the spend also
 * exceeds 90% of the budget within 5 minutes: budget_overspend fires on the same events, as it should.
 */
public final class CostSpikeAttack implements AttackKind {

    public static final String RULE = "cost_spike";
    static final int MIN_CALLS = 4;
    static final int MAX_CALLS = 8;
    static final double MIN_TOTAL_USD = 60;
    static final double MAX_TOTAL_USD = 120;

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
        Duration length = Duration.ofSeconds(rng.between(60, 240));
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), Slots.afterCalibration(context),
                Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        int count = rng.between(MIN_CALLS, MAX_CALLS);
        double total = rng.uniform(MIN_TOTAL_USD, MAX_TOTAL_USD);
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d calls to %s costing about $%.0f in %d s; a typical call of the agent's "
                + "costs $%.3f", count, target.models().everyday().name(), total, length.toSeconds(),
                CostModel.typicalUsd(target.models()));
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, total, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, double total, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        double[] shares = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            shares[i] = rng.uniform(1, 3);
            sum += shares[i];
        }
        List<Instant> times = Slots.spread(start, end, count, rng);
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(factory.receipt(times.get(i), rng,
                    CostModel.spend(target.models().everyday(), total * shares[i] / sum), factory.ipIndex(rng)));
        }
        return events;
    }
}
