package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Behaviour attacks planned on every agent of a 40-agent fleet (office, batch, weekend and always-on agents) in
 * the last week of a fortnight, for tests that check what each kind's events are made of.
 */
final class BehaviourAttacks {

    static final Fleet FLEET = FleetFactory.build(40, 11);
    /** A Monday. */
    static final Instant RUN_START = Instant.parse("2025-03-03T00:00:00Z");
    static final AttackContext CONTEXT = new AttackContext(RUN_START, RUN_START.plus(Duration.ofDays(1)),
            RUN_START.plus(Duration.ofDays(14)), () -> 1_000);

    /** The kinds for the behaviour rules, by rule id. */
    static final List<String> KINDS = List.of("rate_spike", "receipt_surge", "cost_spike", "atypical_model",
            "high_failure_rate", "error_rate_spike", "latency_spike", "bulk_access", "unusual_payload_size",
            "delegation_anomaly");

    private BehaviourAttacks() {
    }

    /** One attack of {@code kind} on every agent that offers it a slot, planned from {@code seed}. */
    static List<Attack> onEveryAgent(String kind, long seed) {
        List<Attack> attacks = new ArrayList<>();
        for (Agent agent : FLEET.agents()) {
            AttackCatalogue.kind(kind).plan(CONTEXT, agent, Rng.of(seed, Purpose.ATTACK_PLAN, agent.number()))
                    .ifPresent(attacks::add);
        }
        return attacks;
    }

    static Agent host(Attack attack) {
        return FLEET.agents().get(attack.hostNumber() - 1);
    }

    /** The events of {@code attack} between {@code from} (inclusive) and {@code to} (exclusive). */
    static List<AgentEvent> between(List<AgentEvent> events, Instant from, Instant to) {
        return events.stream().filter(e -> !e.getOccurredAt().isBefore(from) && e.getOccurredAt().isBefore(to)).toList();
    }

    /** The most of {@code events} matching {@code which} that any window of {@code length} holds, ends included. */
    static int mostInAnyWindow(List<AgentEvent> events, Duration length, Predicate<AgentEvent> which) {
        List<Long> times = events.stream().filter(which).map(e -> e.getOccurredAt().toEpochMilli()).sorted().toList();
        int most = 0;
        int from = 0;
        for (int i = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(from) > length.toMillis()) {
                from++;
            }
            most = Math.max(most, i - from + 1);
        }
        return most;
    }

    static int mostInAnyWindow(List<AgentEvent> events, Duration length) {
        return mostInAnyWindow(events, length, e -> true);
    }

    /** The whole UTC hour that holds the most of {@code events}. */
    static Instant busiestClockHour(List<AgentEvent> events) {
        return events.stream().map(e -> Instant.ofEpochSecond(e.getOccurredAt().getEpochSecond() / 3600 * 3600))
                .max((a, b) -> Long.compare(between(events, a, a.plus(Duration.ofHours(1))).size(),
                        between(events, b, b.plus(Duration.ofHours(1))).size()))
                .orElseThrow();
    }
}
