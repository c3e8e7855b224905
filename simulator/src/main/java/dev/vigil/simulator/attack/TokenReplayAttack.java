package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import dev.vigil.simulator.traffic.Sessions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code token_replay}: the agent's bearer token, copied, presented again from an address that is not the agent's.
 * 2–5 tool calls within 30 s – 9 min of one UTC hour (a token lasts the hour): the first from the agent's own
 * address, the last (and some between) from the stranger's. Everything else — grant, principal, country, tools —
 * is the agent's, so the two addresses are the only thing that gives it away. The agent's address is one whose
 * grant no other address shares, so the grant is seen from two addresses only, not the three of a concurrent
 * session.
 */
public final class TokenReplayAttack implements AttackKind {

    public static final String RULE = "token_replay";
    private static final double REPLAY_SHARE = 0.6;

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        int count = rng.between(2, 5);
        Duration length = context.length(rng, 30, 540);
        int ip = new EventFactory(target).ipIndex(rng);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty() || !target.network().ownsGrant(ip) || !sameHour(start.get(), start.get().plus(length))) {
            return Optional.empty();
        }
        String stranger = AttackEvents.strangerAddress(target, rng);
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String own = target.network().sourceIps().get(ip);
        String description = String.format("token %s of %s presented again from %s: %d calls in %d s",
                Sessions.tokenJti(target, ip, start.get()), own, stranger, count, length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, ip, stranger, seed)));
    }

    private static boolean sameHour(Instant a, Instant b) {
        return a.getEpochSecond() / 3600 == b.getEpochSecond() / 3600;
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, int ip, String stranger,
                                           long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        List<Instant> times = Slots.spread(start, end, count, rng);
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AgentEvent event = factory.toolCall(times.get(i), rng, ip);
            boolean replay = i == count - 1 || (i > 0 && rng.chance(REPLAY_SHARE));
            if (replay) {
                event.setSourceIp(stranger);
            }
            events.add(event);
        }
        return events;
    }
}
