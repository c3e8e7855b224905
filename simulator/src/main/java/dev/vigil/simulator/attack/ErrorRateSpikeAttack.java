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
 * usual tools fails every 7.7–8 minutes — an integration that broke, or an agent probing what it may do. The
 * agent's own traffic goes on, so its volume rises only by those 7–8 calls an hour (about a third) while its
 * failure rate goes from its usual 1.3–5.5% to about a quarter: 7 or more failures among about 30 events in the
 * clock hour.
 *
 * <p>The even pace keeps any 15 minutes to two of these failures, so the hour's rate is high but no 15-minute
 * window has high_failure_rate's "more than 30% of at least 10 requests" (unless two of the agent's own rare
 * failures fall in the same quarter).
 */
public final class ErrorRateSpikeAttack implements AttackKind {

    public static final String RULE = "error_rate_spike";
    /** The least step between failures; with the jitter, two steps still exceed 15 minutes. */
    static final Duration MIN_STEP = Duration.ofSeconds(462);
    private static final Duration JITTER = Duration.ofSeconds(5);

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public boolean needsCalibration(Agent target) {
        return true;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        Duration lead = Duration.ofMillis(rng.below(60_000, 360_001));
        Duration tail = Duration.ofMillis(rng.below(60_000, 360_001));
        Optional<Instant> hour = Slots.hourInWindow(target.activity().schedule(), Slots.afterCalibration(context), lead, tail, rng);
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
                .map(t -> Habits.failed(factory.toolCall(t, rng), Outcome.error))
                .toList();
    }
}
