package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.CostModel;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code atypical_model}: {@value #MIN_CALLS}–{@value #MAX_CALLS} calls, 5–10 minutes apart, to a model the agent
 * never uses (neither its everyday nor its heavy one), each costing {@value #MIN_FACTOR}–{@value #MAX_FACTOR}× the
 * agent's typical cost per call, and one of them {@value #MIN_TOP_FACTOR}–{@value #MAX_TOP_FACTOR}× — a stolen key
 * or a prompt-injected agent reaching for another model. "Typical" is the geometric mean of its calls (about
 * $0.03, see {@link CostModel#typicalUsd}), the figure a detector of skewed costs compares with.
 *
 * <p>The agent must have made about {@value #MIN_RECEIPTS_BEFORE} calls before (its receipts over its hours so far),
 * so that its usual models are known to a detector that first learns some. Calls minutes apart keep any
 * 5 minutes to one of them, under $5, so cost_spike's baseline rule (at least $5 in 5 minutes) stays quiet, and
 * a few receipts do not move the receipt rate.
 */
public final class AtypicalModelAttack implements AttackKind {

    public static final String RULE = "atypical_model";
    static final int MIN_CALLS = 3;
    static final int MAX_CALLS = 6;
    static final int MIN_FACTOR = 12;
    static final int MAX_FACTOR = 30;
    static final int MIN_TOP_FACTOR = 110;
    static final int MAX_TOP_FACTOR = 140;
    static final int MIN_RECEIPTS_BEFORE = 100;

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
        int count = rng.between(MIN_CALLS, MAX_CALLS);
        Duration length = Duration.ofSeconds((count - 1) * (long) rng.between(300, 600));
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), Slots.afterCalibration(context),
                Duration.ZERO, length, rng);
        if (start.isEmpty() || Habits.expectedEvents(target, context.runStart(), start.get())
                * Habits.receiptShare(target) < MIN_RECEIPTS_BEFORE) {
            return Optional.empty();
        }
        Catalogue.Model model = rng.pick(unused(target));
        double typical = CostModel.typicalUsd(target.models());
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d calls to %s, a model it never uses, at %d-%d× its typical cost per call "
                + "of $%.3f (one at %d× or more)", count, model.name(), MIN_FACTOR, MAX_FACTOR, typical, MIN_TOP_FACTOR);
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, model, typical, start.get(), end, count, seed)));
    }

    /** The catalogue's models other than the agent's two. */
    static List<Catalogue.Model> unused(Agent agent) {
        return Stream.concat(Catalogue.EVERYDAY_MODELS.stream(), Catalogue.HEAVY_MODELS.stream())
                .filter(m -> !m.equals(agent.models().everyday()) && !m.equals(agent.models().heavy()))
                .toList();
    }

    private static List<AgentEvent> events(Agent target, Catalogue.Model model, double typical, Instant start,
                                           Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        int top = rng.between(0, count - 1);
        List<Instant> times = Slots.even(start, end, count, Duration.ofSeconds(20), rng);
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double factor = i == top ? rng.uniform(MIN_TOP_FACTOR, MAX_TOP_FACTOR) : rng.uniform(MIN_FACTOR, MAX_FACTOR);
            events.add(factory.receipt(times.get(i), rng, CostModel.spend(model, factor * typical), factory.ipIndex(rng)));
        }
        return events;
    }
}
