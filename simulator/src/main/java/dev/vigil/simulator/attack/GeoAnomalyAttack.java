package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Geo;
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
 * {@code geo_anomaly}: the agent's credentials used from a country no agent of the fleet works in
 * ({@link Catalogue#FOREIGN_PLACES}): a {@code token_request} from a stranger's address, then one to four of the
 * agent's usual tool calls under that new token, within 20 s – 10 min. Principal, scopes and tools are the agent's
 * own; the session is new, so no token or grant of the agent's is seen from a second address. Attacks of the kind
 * take turns: the odd ones aim at agents that declare allowed countries (the country is outside the list; any
 * time will do), the even ones — when the run is long enough for a calibration — at agents that declare none
 * (the country was never seen; after the agent's calibration).
 */
public final class GeoAnomalyAttack implements AttackKind {

    public static final String RULE = "geo_anomaly";

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
        return target.allowedCountries().isEmpty();
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        boolean wantDeclared = !context.leavesTimeToLearn() || context.turn(List.of(true, false));
        if (target.allowedCountries().isEmpty() == wantDeclared) {
            return Optional.empty();
        }
        int count = rng.between(2, 5);
        Duration length = context.length(rng, 20, 600);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Catalogue.Place place = rng.pick(Catalogue.FOREIGN_PLACES);
        String address = AttackEvents.strangerAddress(target, rng);
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d events in %d s from %s in %s, %s", count, length.toSeconds(), address,
                place.country(), wantDeclared ? "outside the allowed countries " + target.allowedCountries()
                        : "a country never seen for the agent (home " + target.network().country() + ")");
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, place, address, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, Catalogue.Place place,
                                           String address, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        String grant = AttackEvents.freshGrant(rng);
        String token = AttackEvents.freshToken(rng);
        List<Instant> times = Slots.spread(start, end, count, rng);
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AgentEvent event;
            if (i == 0) {
                event = factory.authorization(times.get(i), rng, factory.usualScopes(rng), Outcome.success);
                ((AuthorizationPayload) event.getPayload()).setAction(AuthorizationAction.token_request);
            } else {
                event = factory.toolCall(times.get(i), rng);
            }
            AttackEvents.useSession(event, grant, token);
            event.setSourceIp(address);
            event.setGeo(new Geo(place.country(), place.region()));
            events.add(event);
        }
        return events;
    }
}
