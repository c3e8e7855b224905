package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.DelegationRef;
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
 * {@code delegation_depth}: authority handed further down a chain than the profile allows
 * ({@link Agent#MAX_DELEGATION_DEPTH}), by one to three levels. On an agent that acts on a delegation, one or two
 * token exchanges within a minute whose delegation claims that depth; on an agent that delegates, one delegation
 * to one of its own children at that depth. Only agents in a delegation (about one in five) can host it; the
 * parent, child, scopes and addresses are the agent's usual ones.
 */
public final class DelegationDepthAttack implements AttackKind {

    public static final String RULE = "delegation_depth";

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        boolean acting = target.parentAgentId() != null;
        if (!acting && target.children().isEmpty()) {
            return Optional.empty();
        }
        int depth = Agent.MAX_DELEGATION_DEPTH + rng.between(1, 3);
        int count = acting ? rng.between(1, 2) : 1;
        Duration length = count == 1 ? Duration.ZERO : context.length(rng, 5, 60);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = acting
                ? count + " token exchange(s) on a delegation from " + target.parentAgentId() + " at depth " + depth
                        + ", over the maximum of " + Agent.MAX_DELEGATION_DEPTH
                : "a delegation created at depth " + depth + ", over the maximum of " + Agent.MAX_DELEGATION_DEPTH;
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, depth, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, int depth, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream().map(at -> {
            if (target.parentAgentId() == null) {
                AgentEvent event = factory.delegation(at, rng);
                DelegationPayload payload = (DelegationPayload) event.getPayload();
                payload.setAction(DelegationAction.create);
                payload.setDepth(depth);
                return event;
            }
            AgentEvent event = factory.authorization(at, rng, factory.usualScopes(rng), Outcome.success);
            AuthorizationPayload payload = (AuthorizationPayload) event.getPayload();
            payload.setAction(AuthorizationAction.token_exchange);
            payload.setDelegation(new DelegationRef(target.parentAgentId(), depth));
            return event;
        }).toList();
    }
}
