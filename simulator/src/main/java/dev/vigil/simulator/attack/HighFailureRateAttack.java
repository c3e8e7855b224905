package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
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
 * {@code high_failure_rate}: a run of {@value #MIN_DENIED}–{@value #MAX_DENIED} denied token requests within
 * 12–14 minutes, all inside one quarter of an hour — a revoked grant retried in a loop, or someone guessing with
 * stolen credentials. The run alone is more than the rule's 20 requests, so with the agent's own few in that
 * quarter well over 30% of them fail, whether a detector counts the last 15 minutes or fixed quarters.
 *
 * <p>The scopes are the agent's own (a scope it does not hold would be a scope escalation), and the pace (one
 * every 29–42 s) keeps any 5 minutes to 11 of them, under velocity_spike's 20 requests. The same failures raise
 * the hour's failure rate as well, so error_rate_spike may see them too: the two rules overlap by design.
 */
public final class HighFailureRateAttack implements AttackKind {

    public static final String RULE = "high_failure_rate";
    static final int MIN_DENIED = 21;
    static final int MAX_DENIED = 26;

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
        Duration length = Duration.ofSeconds(rng.between(720, 840));
        Optional<Instant> start = Slots.inQuarter(target.activity().schedule(), Slots.afterCalibration(context),
                length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        int count = rng.between(MIN_DENIED, MAX_DENIED);
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d denied token requests in %d s for scopes it holds, a retry loop on a "
                + "revoked grant or guessed credentials", count, length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.even(start, end, count, Duration.ofSeconds(2), rng).stream().map(t -> {
            AgentEvent event = factory.authorization(t, rng, factory.usualScopes(rng), Outcome.denied);
            ((AuthorizationPayload) event.getPayload()).setAction(AuthorizationAction.token_request);
            return event;
        }).toList();
    }
}
