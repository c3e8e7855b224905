package dev.vigil.simulator.attack;

import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import java.util.EnumSet;
import java.util.Set;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Outcome;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code scope_escalation}: one or two authorizations, up to 90 s apart, that slip a scope no role holds
 * ({@link Catalogue#ESCALATION_SCOPES}, e.g. {@code payments:write}) in among scopes the agent does hold. The
 * identity provider denies most of them and grants some, as a misconfigured one would.
 */
public final class ScopeEscalationAttack implements AttackKind {

    public static final String RULE = "scope_escalation";
    private static final double DENIED_SHARE = 0.6;
    /** Only these actions ask for scopes; an introspection or a revocation of a token asks for nothing. */
    private static final Set<AuthorizationAction> ASKING = EnumSet.of(
            AuthorizationAction.token_request, AuthorizationAction.token_exchange, AuthorizationAction.authorize);

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int count = rng.between(1, 2);
        Duration length = count == 1 ? Duration.ZERO : context.length(rng, 5, 90);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        String scope = rng.pick(Catalogue.ESCALATION_SCOPES);
        Outcome outcome = rng.chance(DENIED_SHARE) ? Outcome.denied : Outcome.success;
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = count + " authorization(s) requesting " + scope + ", outside the registered scopes "
                + target.registeredScopes() + ", " + outcome;
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, scope, outcome, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, String scope,
                                           Outcome outcome, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream().map(t -> {
            List<String> scopes = new ArrayList<>(factory.usualScopes(rng));
            scopes.add(scope);
            AgentEvent event = factory.authorization(t, rng, scopes, outcome);
            AuthorizationPayload payload = (AuthorizationPayload) event.getPayload();
            if (!ASKING.contains(payload.getAction())) {
                payload.setAction(AuthorizationAction.token_request);
            }
            return event;
        }).toList();
    }
}
