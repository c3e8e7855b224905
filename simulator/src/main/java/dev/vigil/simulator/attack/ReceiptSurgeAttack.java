package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.CostModel;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code receipt_surge}: for a whole working hour and a few minutes either side, the agent's receipts go from its
 * usual 1.4–4.2 an hour (up to 8 for a grown or cron agent) to {@value #MIN_PER_HOUR}–{@value #MAX_PER_HOUR}
 * (12–90×) — an agent stuck re-asking its LLM, or someone spending through its key. Each is an everyday call on
 * its everyday model, signed with its key.
 *
 * <p>The example is 200 an hour; this stays at {@value #MAX_PER_HOUR} at most so that, at an even pace
 * (one every 29–36 s), no 5 minutes hold more than 11 and the agent's other traffic keeps the window under
 * velocity_spike's 20. Everyday calls (about $0.03) keep the spend at a few dollars an hour, far from
 * cost_spike's $50 in 5 minutes and from the agent's budget. A surge of receipts is also a surge of events, so
 * an hour-of-week rate rule may see it too.
 */
public final class ReceiptSurgeAttack implements AttackKind {

    public static final String RULE = "receipt_surge";
    static final int MIN_PER_HOUR = 100;
    static final int MAX_PER_HOUR = 125;
    private static final Duration JITTER = Duration.ofSeconds(1);

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
        Duration lead = Duration.ofMillis(rng.below(60_000, 240_001));
        Duration tail = Duration.ofMillis(rng.below(60_000, 240_001));
        Optional<Instant> hour = Slots.hourInWindow(target.activity().schedule(), Slots.afterCalibration(context),
                lead, tail, rng);
        if (hour.isEmpty()) {
            return Optional.empty();
        }
        int perHour = rng.between(MIN_PER_HOUR, MAX_PER_HOUR);
        Instant start = hour.get().minus(lead);
        Instant end = hour.get().plus(Duration.ofHours(1)).plus(tail);
        int count = (int) Math.round(perHour * Duration.between(start, end).toMillis() / 3_600_000.0);
        double usual = Habits.eventsPerHour(target, context.runStart(), hour.get()) * Habits.receiptShare(target);
        long seed = rng.nextLong();
        String description = String.format("%d receipts in %d min, %d an hour against its usual %.1f, everyday "
                + "calls to %s", count, Duration.between(start, end).toMinutes(), perHour, usual,
                target.models().everyday().name());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start, end, description,
                () -> events(target, start, end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.even(start, end, count, JITTER, rng).stream()
                .map(t -> factory.receipt(t, rng, CostModel.draw(target.models(), false, rng), factory.ipIndex(rng)))
                .toList();
    }
}
