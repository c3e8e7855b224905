package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Signing;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code unknown_agent}: a burst of 6–15 events over 5–12 minutes from an agent id no profile knows. The
 * intruder is deployed next to a registered agent: same tenant, same hosts, same tools, an id in the fleet's own
 * naming scheme, receipts signed with its own key — only the missing registry entry gives it away. The burst
 * stays below 20 events in any 5 minutes, so it does not also count as a velocity spike: a label names one rule.
 */
public final class UnknownAgentAttack implements AttackKind {

    public static final String RULE = "unknown_agent";

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent host, Rng rng) {
        int count = rng.between(6, 15);
        Duration length = context.length(rng, 300, 720);
        Optional<Instant> start = Slots.inWindow(host.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        int number = context.freshAgentNumbers().getAsInt();
        String name = host.name().substring(0, host.name().lastIndexOf('-') + 1) + number;
        String agentId = host.agentId().substring(0, host.agentId().lastIndexOf(':') + 1) + name;
        long seed = rng.nextLong();
        Agent intruder = host.impersonatedAs(number, agentId, name, seed,
                Signing.draw(name + "-k1", Rng.of(seed, Purpose.SIGNING_KEY)));
        Instant end = start.get().plus(length);
        String description = count + " events in " + length.toSeconds() + " s from " + agentId
                + ", which has no profile, on the hosts of " + host.agentId();
        return Optional.of(new Attack(RULE, agentId, host.number(), start.get(), end, description,
                () -> events(intruder, start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent intruder, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(intruder);
        return Slots.spread(start, end, count, rng).stream().map(t -> factory.next(t, rng)).toList();
    }
}
