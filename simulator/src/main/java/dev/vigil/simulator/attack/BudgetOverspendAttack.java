package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.CostModel;
import dev.vigil.simulator.traffic.EventFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code budget_overspend}: 4–8 receipts within 30 s – 4 min that together spend 95–130 % of the agent's daily
 * budget — a runaway loop stuffing huge contexts into its model. The receipts are the agent's own otherwise: its
 * everyday model (not a rare one), its budget id, signed with its key, from its addresses. Few receipts, so the
 * count of receipts stays near the agent's usual; the money cannot help being far above the agent's usual spend.
 */
public final class BudgetOverspendAttack implements AttackKind {

    public static final String RULE = "budget_overspend";

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int count = rng.between(4, 8);
        Duration length = context.length(rng, 30, 240);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        List<CostModel.Spend> spends = spends(target, count, rng);
        BigDecimal total = spends.stream().map(CostModel.Spend::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d receipts spending $%s in %d s, %s%% of the daily budget of $%s",
                count, total.toPlainString(), length.toSeconds(),
                total.multiply(BigDecimal.valueOf(100)).divide(target.dailyBudgetUsd(), 0, RoundingMode.HALF_UP),
                target.dailyBudgetUsd().stripTrailingZeros().toPlainString());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, spends, seed)));
    }

    /** {@code count} calls to the everyday model sharing 95–130 % of the budget unevenly. */
    private static List<CostModel.Spend> spends(Agent target, int count, Rng rng) {
        double budget = target.dailyBudgetUsd().doubleValue() * rng.uniform(0.95, 1.3);
        double[] weights = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = rng.uniform(0.6, 1.4);
            sum += weights[i];
        }
        List<CostModel.Spend> spends = new ArrayList<>(count);
        for (double weight : weights) {
            spends.add(CostModel.spend(target.models().everyday(), budget * weight / sum));
        }
        return spends;
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, List<CostModel.Spend> spends,
                                           long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        List<Instant> times = Slots.spread(start, end, spends.size(), rng);
        List<AgentEvent> events = new ArrayList<>(spends.size());
        for (int i = 0; i < spends.size(); i++) {
            events.add(factory.receipt(times.get(i), rng, spends.get(i), factory.ipIndex(rng)));
        }
        return events;
    }
}
