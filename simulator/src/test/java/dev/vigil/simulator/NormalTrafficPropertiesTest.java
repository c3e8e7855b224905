package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fortnight of a 40-agent fleet with no attacks, checked against what the detectors treat as normal. */
class NormalTrafficPropertiesTest {

    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));

    private static Map<String, AgentProfile> profiles;
    private static List<AgentEvent> events;

    @BeforeAll
    static void generate() {
        Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(40, START, END).seed(2025).attacksPerKind(0).build());
        profiles = simulation.profiles().stream().collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        events = TrafficChecks.collect(simulation.events());
        assertThat(simulation.labels()).isEmpty();
    }

    @Test
    void everyAgentHourInsideTheWindowHas15To30EventsAndOutsideAtMost2() {
        Map<String, Map<Long, Integer>> counts = hourlyCounts();
        for (AgentProfile profile : profiles.values()) {
            for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
                int count = counts.getOrDefault(profile.getAgentId(), Map.of()).getOrDefault(hour.getEpochSecond() / 3600, 0);
                if (TrafficChecks.insideWindow(profile.getOperatingWindow(), hour)) {
                    assertThat(count).as("%s at %s, inside its window", profile.getAgentId(), hour).isBetween(15, 30);
                } else {
                    assertThat(count).as("%s at %s, outside its window", profile.getAgentId(), hour).isBetween(0, 2);
                }
            }
        }
    }

    @Test
    void fleetAveragesAboutTwentyTwoEventsPerWorkingHourAndUnderOneOtherwise() {
        Map<String, Map<Long, Integer>> counts = hourlyCounts();
        long busyHours = 0;
        long busyEvents = 0;
        long quietHours = 0;
        long quietEvents = 0;
        for (AgentProfile profile : profiles.values()) {
            for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
                int count = counts.getOrDefault(profile.getAgentId(), Map.of()).getOrDefault(hour.getEpochSecond() / 3600, 0);
                if (TrafficChecks.insideWindow(profile.getOperatingWindow(), hour)) {
                    busyHours++;
                    busyEvents += count;
                } else {
                    quietHours++;
                    quietEvents += count;
                }
            }
        }
        assertThat((double) busyEvents / busyHours).isCloseTo(22, within(2.0));
        assertThat((double) quietEvents / quietHours).isBetween(0.2, 1.0);
    }

    @Test
    void everyEventComesFromARegisteredAgentAndDelegatesOnlyToRegisteredAgents() {
        for (AgentEvent event : events) {
            assertThat(profiles).containsKey(event.getAgentId());
            AgentProfile profile = profiles.get(event.getAgentId());
            assertThat(event.getTenantId()).isEqualTo(profile.getTenantId());
            if (event.getPayload() instanceof DelegationPayload delegation) {
                assertThat(profiles).containsKey(delegation.getChildAgentId());
            }
            if (event.getPayload() instanceof AuthorizationPayload auth && auth.getDelegation() != null) {
                assertThat(profiles).containsKey(auth.getDelegation().getParentAgentId());
                assertThat(auth.getDelegation().getDepth()).isLessThanOrEqualTo(profile.getMaxDelegationDepth());
            }
        }
    }

    @Test
    void noAuthorizationAsksForAScopeOutsideTheRegisteredScopes() {
        List<AuthorizationPayload> authorizations = new ArrayList<>();
        for (AgentEvent event : events) {
            if (event.getPayload() instanceof AuthorizationPayload auth) {
                assertThat(auth.getScopes()).isNotEmpty().isSubsetOf(profiles.get(event.getAgentId()).getRegisteredScopes());
                authorizations.add(auth);
            }
        }
        assertThat(authorizations).hasSizeGreaterThan(10_000);
    }

    @Test
    void noBurstWouldCountAsAVelocitySpike() {
        assertThat(TrafficChecks.velocitySpikes(events)).isEmpty();
    }

    @Test
    void everyReceiptVerifiesUnderTheKeyItsProfilePublishes() {
        long receipts = 0;
        for (AgentEvent event : events) {
            if (event.getPayload() instanceof ReceiptPayload receipt) {
                String key = profiles.get(event.getAgentId()).getPublicKeys().get(receipt.getKeyId());
                assertThat(key).as("key %s of %s", receipt.getKeyId(), event.getAgentId()).isNotNull();
                if (receipts++ % 10 == 0) {
                    assertThat(ReceiptSignatures.verify(event, Ed25519Keys.decodePublic(key))).isTrue();
                }
            }
        }
        assertThat(receipts).isGreaterThan(5_000);
    }

    @Test
    void receiptCostsAverageEightCentsWithNinetyFifthPercentileOfFortyFiveCents() {
        List<Double> costs = new ArrayList<>();
        for (AgentEvent event : events) {
            if (event.getPayload() instanceof ReceiptPayload receipt) {
                assertThat(receipt.getCostUsd().scale()).isEqualTo(6);
                costs.add(receipt.getCostUsd().doubleValue());
            }
        }
        Collections.sort(costs);

        assertThat(costs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isCloseTo(0.08, within(0.012));
        assertThat(costs.get((int) (costs.size() * 0.95))).isCloseTo(0.45, within(0.0675));
    }

    @Test
    void eachTokenAndEachGrantIsUsedFromOneAddressOnly() {
        Map<String, Set<String>> tokenAddresses = new HashMap<>();
        Map<String, Set<String>> grantAddresses = new HashMap<>();
        for (AgentEvent event : events) {
            String token = null;
            String grant = null;
            if (event.getPayload() instanceof AuthorizationPayload auth) {
                token = auth.getTokenJti();
                grant = auth.getGrantId();
            } else if (event.getPayload() instanceof ToolCallPayload call) {
                token = call.getTokenJti();
                grant = call.getGrantId();
            }
            if (token != null) {
                tokenAddresses.computeIfAbsent(token, t -> new HashSet<>()).add(event.getSourceIp());
                grantAddresses.computeIfAbsent(grant, g -> new HashSet<>()).add(event.getSourceIp());
            }
        }
        assertThat(tokenAddresses.values()).allSatisfy(ips -> assertThat(ips).hasSize(1));
        assertThat(grantAddresses.values()).allSatisfy(ips -> assertThat(ips).hasSize(1));
        assertThat(tokenAddresses.size()).as("tokens are reused, not one per event").isLessThan(events.size() / 5);
    }

    @Test
    void mostRequestsSucceedAndAFewAreDeniedOrFail() {
        Map<Outcome, Long> outcomes = events.stream().collect(Collectors.groupingBy(AgentEvent::getOutcome, Collectors.counting()));
        double total = events.size();

        assertThat(outcomes.get(Outcome.success) / total).isGreaterThan(0.95);
        assertThat(outcomes.get(Outcome.denied) / total).isBetween(0.001, 0.02);
        assertThat(outcomes.get(Outcome.error) / total).isBetween(0.005, 0.04);
    }

    @Test
    void trafficStaysInTheHomeCountryOfEachAgent() {
        for (AgentEvent event : events) {
            List<String> allowed = profiles.get(event.getAgentId()).getAllowedCountries();
            if (!allowed.isEmpty()) {
                assertThat(allowed).contains(event.getGeo().getCountry());
            }
        }
    }

    private static Map<String, Map<Long, Integer>> hourlyCounts() {
        Map<String, Map<Long, Integer>> counts = new HashMap<>();
        for (AgentEvent event : events) {
            counts.computeIfAbsent(event.getAgentId(), a -> new HashMap<>())
                    .merge(event.getOccurredAt().getEpochSecond() / 3600, 1, Integer::sum);
        }
        return counts;
    }
}
