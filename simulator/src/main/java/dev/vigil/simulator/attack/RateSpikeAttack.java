package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Outcome;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code rate_spike}: for a whole working hour and a few minutes either side, the agent sends 5–9 times its usual
 * hourly volume (at least {@value #MIN_PER_HOUR}, at most {@value #MAX_PER_HOUR}) on top of its ordinary traffic —
 * a hijacked agent or a polling loop gone wrong, asking for tokens and calling its usual tools with its usual
 * scopes. For an agent at 18–26 events an hour that is 5.8–8× its usual hour in all.
 *
 * <p>The pace is even (one extra request every 29–40 s), so no 5 minutes hold more than 11 of them: with the
 * agent's own few, that stays under velocity_spike's 20 requests per 5 minutes, and the attack is a sustained
 * hour, not a burst. Hence the cap, which for a busier agent makes the hour less of a multiple: 4–5× for one
 * that has grown to 30–40 an hour, 3.2–4.5× for a cron agent's 35–55 (still over the rule's 3× and many
 * deviations out, a cron hour being regular). Two thirds are authorizations, so the bytes its
 * tools move rise less than the rate does (bulk_access is about bytes, not requests), and there are no receipts
 * (receipt_surge and cost_spike are about those).
 */
public final class RateSpikeAttack implements AttackKind {

    public static final String RULE = "rate_spike";
    static final int MIN_PER_HOUR = 90;
    static final int MAX_PER_HOUR = 125;
    private static final double TOOL_CALL_SHARE = 0.35;
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
        Duration lead = Duration.ofMillis(rng.below(120_000, 300_001));
        Duration tail = Duration.ofMillis(rng.below(120_000, 300_001));
        Optional<Instant> hour = Slots.hourInWindow(target.activity().schedule(), Slots.afterCalibration(context),
                lead, tail, rng);
        if (hour.isEmpty()) {
            return Optional.empty();
        }
        double usual = Habits.eventsPerHour(target, context.runStart(), hour.get());
        double factor = rng.uniform(6, 10);
        int perHour = (int) Math.max(MIN_PER_HOUR, Math.min(MAX_PER_HOUR, Math.round((factor - 1) * usual)));
        Instant start = hour.get().minus(lead);
        Instant end = hour.get().plus(Duration.ofHours(1)).plus(tail);
        int count = (int) Math.round(perHour * Duration.between(start, end).toMillis() / 3_600_000.0);
        long seed = rng.nextLong();
        String description = String.format("%d extra requests in %d min, %d an hour on top of its usual %.0f "
                + "(%.1f× its usual hour), over its usual tools and scopes", count,
                Duration.between(start, end).toMinutes(), perHour, usual, (perHour + usual) / usual);
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start, end, description,
                () -> events(target, start, end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.even(start, end, count, JITTER, rng).stream()
                .map(t -> rng.chance(TOOL_CALL_SHARE)
                        ? factory.toolCall(t, rng)
                        : factory.authorization(t, rng, factory.usualScopes(rng), Outcome.success))
                .toList();
    }
}
