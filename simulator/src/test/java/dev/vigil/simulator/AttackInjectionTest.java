package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fortnight of a 60-agent fleet with five attacks of each kind between days 2 and 13. */
class AttackInjectionTest {

    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));
    private static final Instant ATTACKS_FROM = START.plus(Duration.ofDays(2));
    private static final Instant ATTACKS_TO = START.plus(Duration.ofDays(13));

    private static Map<String, AgentProfile> profiles;
    private static List<AttackLabel> labels;
    private static List<AgentEvent> events;

    @BeforeAll
    static void generate() {
        Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(60, START, END).seed(77)
                .attacksBetween(ATTACKS_FROM, ATTACKS_TO).attacksPerKind(5).build());
        profiles = simulation.profiles().stream().collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        labels = simulation.labels();
        events = TrafficChecks.collect(simulation.events());
    }

    @Test
    void placesFiveAttacksOfEveryKindInsideTheAttackRange() {
        assertThat(labels.stream().collect(Collectors.groupingBy(AttackLabel::rule, Collectors.counting())))
                .containsOnlyKeys(FleetSimulator.attackKinds()).allSatisfy((rule, count) -> assertThat(count).isEqualTo(5));
        assertThat(labels).allSatisfy(label -> {
            assertThat(label.start()).isAfterOrEqualTo(ATTACKS_FROM);
            assertThat(label.end()).isBeforeOrEqualTo(ATTACKS_TO);
        });
        assertThat(labels).extracting(AttackLabel::start).isSorted();
    }

    @Test
    void unknownAgentBurstComesFromAnIdWithoutProfileInsideItsLabelOnly() {
        for (AttackLabel label : rule("unknown_agent")) {
            List<AgentEvent> burst = events.stream().filter(e -> e.getAgentId().equals(label.agentId())).toList();
            assertThat(profiles).doesNotContainKey(label.agentId());
            assertThat(burst).hasSizeBetween(6, 15);
            assertThat(burst.get(0).getOccurredAt()).isEqualTo(label.start());
            assertThat(burst.get(burst.size() - 1).getOccurredAt()).isEqualTo(label.end());
            String tenant = burst.get(0).getTenantId();
            assertThat(label.agentId()).startsWith("did:web:agents." + tenant + ".example:");
            Set<String> tenantAddresses = addressesOfTenant(tenant);
            assertThat(burst).allSatisfy(e -> assertThat(e.getSourceIp()).isIn(tenantAddresses));
        }
    }

    @Test
    void scopeEscalationAsksForAScopeOutsideTheRegisteredOnesWithinItsLabel() {
        for (AttackLabel label : rule("scope_escalation")) {
            List<String> registered = profiles.get(label.agentId()).getRegisteredScopes();
            List<AgentEvent> escalations = events.stream()
                    .filter(e -> e.getAgentId().equals(label.agentId()))
                    .filter(e -> e.getPayload() instanceof AuthorizationPayload auth && !registered.containsAll(auth.getScopes()))
                    .toList();
            assertThat(escalations).hasSizeBetween(1, 2);
            assertThat(escalations.get(0).getOccurredAt()).isEqualTo(label.start());
            assertThat(escalations.get(escalations.size() - 1).getOccurredAt()).isEqualTo(label.end());
            assertThat(escalations).allSatisfy(e -> assertThat(e.getSourceIp()).isIn(addressesOf(label.agentId())));
            assertThat(escalations).as("an escalation must ask for scopes; introspect and revoke ask for nothing")
                    .allSatisfy(e -> assertThat(((AuthorizationPayload) e.getPayload()).getAction())
                            .isIn(AuthorizationAction.token_request, AuthorizationAction.token_exchange, AuthorizationAction.authorize));
        }
    }

    @Test
    void velocitySpikePacks150To400RequestsIntoFiveMinutesAfterAnOrdinaryHour() {
        Map<String, List<Instant>> times = TrafficChecks.timesByAgent(events);
        for (AttackLabel label : rule("velocity_spike")) {
            List<Instant> agentTimes = times.get(label.agentId());
            long during = agentTimes.stream().filter(t -> !t.isBefore(label.start()) && !t.isAfter(label.end())).count();
            long hourBefore = agentTimes.stream()
                    .filter(t -> !t.isBefore(label.start().minus(Duration.ofHours(1))) && t.isBefore(label.start())).count();
            assertThat(Duration.between(label.start(), label.end())).isLessThanOrEqualTo(Duration.ofMinutes(5));
            assertThat(during).isBetween(150L, 400L + 5);
            assertThat(hourBefore).isBetween(15L, 35L);
            assertThat(TrafficChecks.insideWindow(profiles.get(label.agentId()).getOperatingWindow(), label.start())).isTrue();
        }
    }

    @Test
    void everyViolationInTheTrafficLiesInsideALabelOfItsRule() {
        for (AgentEvent event : events) {
            AgentProfile profile = profiles.get(event.getAgentId());
            if (profile == null) {
                assertThat(coveredBy("unknown_agent", event.getAgentId(), event.getOccurredAt(), Duration.ZERO)).isTrue();
            } else if (event.getPayload() instanceof AuthorizationPayload auth
                    && !profile.getRegisteredScopes().containsAll(auth.getScopes())) {
                assertThat(coveredBy("scope_escalation", event.getAgentId(), event.getOccurredAt(), Duration.ZERO)).isTrue();
            }
        }
        List<TrafficChecks.Spike> spikes = TrafficChecks.velocitySpikes(events);
        assertThat(spikes).isNotEmpty().allSatisfy(spike -> assertThat(
                coveredBy("velocity_spike", spike.agentId(), spike.at(), Duration.ofMinutes(5))).as("%s", spike).isTrue());
        assertThat(spikes.stream().map(TrafficChecks.Spike::agentId).distinct().count()).isEqualTo(5);
    }

    @Test
    void attacksOnTheSameAgentNeverOverlap() {
        Map<String, List<AttackLabel>> byAgent = labels.stream().collect(Collectors.groupingBy(AttackLabel::agentId));
        byAgent.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).start()).isAfter(list.get(i - 1).end());
            }
        });
    }

    @Test
    void attackEventsCarryTheAgentsOwnTenantAndAddresses() {
        for (AttackLabel label : labels) {
            if (!label.rule().equals("unknown_agent")) {
                events.stream()
                        .filter(e -> e.getAgentId().equals(label.agentId()))
                        .filter(e -> !e.getOccurredAt().isBefore(label.start()) && !e.getOccurredAt().isAfter(label.end()))
                        .forEach(e -> {
                            assertThat(e.getTenantId()).isEqualTo(profiles.get(label.agentId()).getTenantId());
                            assertThat(e.getSourceIp()).isIn(addressesOf(label.agentId()));
                        });
            }
        }
    }

    private static List<AttackLabel> rule(String rule) {
        List<AttackLabel> found = labels.stream().filter(l -> l.rule().equals(rule)).toList();
        assertThat(found).isNotEmpty();
        return found;
    }

    private static boolean coveredBy(String rule, String agentId, Instant at, Duration after) {
        return labels.stream().anyMatch(l -> l.rule().equals(rule) && l.agentId().equals(agentId)
                && !at.isBefore(l.start()) && !at.isAfter(l.end().plus(after)));
    }

    private static Set<String> addressesOf(String agentId) {
        return events.stream().filter(e -> e.getAgentId().equals(agentId)).map(AgentEvent::getSourceIp).collect(Collectors.toSet());
    }

    private static Set<String> addressesOfTenant(String tenant) {
        return events.stream().filter(e -> profiles.containsKey(e.getAgentId()) && e.getTenantId().equals(tenant))
                .map(AgentEvent::getSourceIp).collect(Collectors.toSet());
    }
}
