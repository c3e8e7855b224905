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
 * {@code velocity_spike}: 150–400 requests within 1–5 minutes (less when the attack range is shorter) from a
 * registered agent — a runaway loop or a hijacked agent hammering its usual tools. Placed at least an hour into
 * the agent's working window and an hour into the run, so the detector has an hour of ordinary traffic (15–30
 * events) to compare against. On a cron agent, whose every hour starts with a burst of its own, the spike is at
 * least four times that burst: a detector that has learned the burst must still see it.
 */
public final class VelocitySpikeAttack implements AttackKind {

    public static final String RULE = "velocity_spike";
    private static final Duration BASELINE = Duration.ofHours(1);
    private static final double TOOL_CALL_SHARE = 0.85;
    private static final int CRON_MULTIPLE = 4;

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int count = rng.between(150, 400);
        if (target.activity().cron() != null) {
            count = Math.max(count, CRON_MULTIPLE * target.activity().cron().size());
        }
        Duration length = context.length(rng, 60, 295);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, BASELINE, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        int requests = count;
        String description = String.format("%d requests in %d s, a runaway loop over the agent's usual tools",
                requests, length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, requests, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream()
                .map(t -> rng.chance(TOOL_CALL_SHARE)
                        ? factory.toolCall(t, rng)
                        : factory.authorization(t, rng, factory.usualScopes(rng), Outcome.success))
                .toList();
    }
}
