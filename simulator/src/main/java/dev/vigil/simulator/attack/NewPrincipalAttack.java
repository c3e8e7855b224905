package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code new_principal}: two to five of the agent's ordinary events within 10 minutes, after the agent's
 * calibration, on behalf of a person of its tenant it has never acted for (a colleague's identity, or a person
 * behind an agent that only ever ran as a service account). Tools, addresses, tokens, country are the agent's own;
 * receipts are signed again after the principal changed, so they still verify.
 */
public final class NewPrincipalAttack implements AttackKind {

    public static final String RULE = "new_principal";

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
        List<String> strangers = Catalogue.PEOPLE.stream().map(p -> "user:" + p + "@" + target.tenantId() + ".example")
                .filter(p -> !target.principals().contains(p)).toList();
        String principal = rng.pick(strangers);
        int count = rng.between(2, 5);
        Duration length = context.length(rng, 10, 600);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d events in %d s on behalf of %s; the agent acts for %s", count,
                length.toSeconds(), principal, String.join(", ", target.principals()));
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, principal, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, String principal,
                                           long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream().map(at -> {
            AgentEvent event = factory.next(at, rng);
            while (event.getPayload() instanceof DelegationPayload) {
                event = factory.next(at, rng);
            }
            event.setPrincipalId(principal);
            return AttackEvents.resign(target, event);
        }).toList();
    }
}
