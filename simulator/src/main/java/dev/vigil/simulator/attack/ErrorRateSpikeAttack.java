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
 * {@code error_rate_spike}: for a whole working hour and a few minutes either side, a call to one of the agent's
 * usual tools fails every 5.1–5.3 minutes — an integration that broke, or an agent probing what it may do. The
 * agent's own traffic goes on, so its volume rises only by those 11–12 calls an hour (a third to two thirds of
 * its usual, far from a rate spike) while its failure rate goes from its usual 1.3–5.5% to a third (18–26
 * events an hour) or a fifth (a cron agent's 35–55): 11 or more failures in the clock hour, about 4 binomial
 * deviations (plus one request) above even the most failure-prone agent's usual rate.
 *
 * <p>The even pace keeps any 15 minutes to three of these failures, so the hour's rate is high while a quarter
 * of an hour reaches high_failure_rate's "more than 30% of at least 10 requests" only when the agent's own
 * traffic is busy then and one of its own rare failures falls in it too (the two rules overlap by nature).
 */
public final class ErrorRateSpikeAttack implements AttackKind {

    public static final String RULE = "error_rate_spike";
    /** The least step between failures; with the jitter, three steps still exceed 15 minutes. */
    static final Duration MIN_STEP = Duration.ofSeconds(305);
    private static final Duration JITTER = Duration.ofSeconds(2);

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
        Duration lead = Duration.ofMillis(rng.below(60_000, 360_001));
        Duration tail = Duration.ofMillis(rng.below(60_000, 360_001));
        Optional<Instant> hour = Slots.hourInWindow(target.activity().schedule(), Slots.afterCalibration(context),
                lead, tail, rng);
        if (hour.isEmpty()) {
            return Optional.empty();
        }
        Instant start = hour.get().minus(lead);
        Instant end = hour.get().plus(Duration.ofHours(1)).plus(tail);
        long span = Duration.between(start, end).toMillis();
        int count = (int) (span / MIN_STEP.toMillis()) + 1;
        long seed = rng.nextLong();
        String description = String.format("%d failing calls to its usual tools in %d min, one every %.1f min, "
                + "against its usual %.1f%% failures", count, span / 60_000, span / 60_000.0 / (count - 1),
                100 * (target.failures().denied() + target.failures().error()));
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start, end, description,
                () -> events(target, start, end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.even(start, end, count, JITTER, rng).stream()
                .map(t -> factory.toolCall(t, rng, Habits.pick(target.tools(), rng), factory.ipIndex(rng), Outcome.error))
                .toList();
    }
}
