package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import dev.vigil.simulator.traffic.Sessions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code concurrent_sessions}: the agent's grant used from two or three strangers' addresses alongside the
 * agent's own, within 1–12 minutes of one UTC day (a grant lasts the day) — a leaked refresh credential. Each
 * stranger asks for a token of its own under the grant (a {@code token_request}) and may make one or two tool
 * calls with it; the agent makes one or two calls of its own. No token is presented from two addresses, so this
 * is not also a token replay; principal, country and tools are the agent's own.
 */
public final class ConcurrentSessionsAttack implements AttackKind {

    public static final String RULE = "concurrent_sessions";
    private static final int OWN = -1;

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int strangers = rng.between(2, 3);
        Duration length = context.length(rng, 60, 720);
        int ip = new EventFactory(target).ipIndex(rng);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty() || !sameDay(start.get(), start.get().plus(length))) {
            return Optional.empty();
        }
        List<String> addresses = AttackEvents.strangerAddresses(target, strangers, rng);
        List<Integer> roles = new ArrayList<>();
        for (int i = rng.between(1, 2); i > 0; i--) {
            roles.add(OWN);
        }
        for (int s = 0; s < strangers; s++) {
            for (int i = rng.between(1, 3); i > 0; i--) {
                roles.add(s);
            }
        }
        List<Integer> order = rng.sample(roles, roles.size());
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("grant %s of %s used from %d more addresses (%s) within %d s",
                Sessions.grantId(target, ip, start.get()), target.network().sourceIps().get(ip), strangers,
                String.join(", ", addresses), length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, ip, addresses, order, seed)));
    }

    private static boolean sameDay(Instant a, Instant b) {
        return a.getEpochSecond() / 86_400 == b.getEpochSecond() / 86_400;
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int ip, List<String> addresses,
                                           List<Integer> order, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        List<Instant> times = Slots.spread(start, end, order.size(), rng);
        Map<Integer, String> tokens = new HashMap<>();
        List<AgentEvent> events = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            int role = order.get(i);
            Instant at = times.get(i);
            if (role == OWN) {
                events.add(factory.toolCall(at, rng, ip));
                continue;
            }
            String grant = Sessions.grantId(target, ip, at);
            AgentEvent event;
            if (tokens.containsKey(role)) {
                event = factory.toolCall(at, rng, ip);
            } else {
                tokens.put(role, AttackEvents.freshToken(rng));
                event = factory.authorization(at, rng, factory.usualScopes(rng), Outcome.success, ip);
                ((AuthorizationPayload) event.getPayload()).setAction(AuthorizationAction.token_request);
            }
            AttackEvents.useSession(event, grant, tokens.get(role));
            event.setSourceIp(addresses.get(role));
            events.add(event);
        }
        return events;
    }
}
