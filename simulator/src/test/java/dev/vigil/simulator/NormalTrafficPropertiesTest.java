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
import dev.vigil.avro.Capability;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import dev.vigil.simulator.fleet.Schedule;
import dev.vigil.simulator.traffic.EventFactory;
import dev.vigil.simulator.traffic.NormalTraffic;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
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

/**
 * A fortnight of January (no zone changes its clocks) of a 60-agent fleet with no attacks, checked against what the
 * detectors treat as normal: the hard cases are there (nightly batch jobs, weekend workers, undeclared hours, cron
 * bursts, steady growth, grants shared by two addresses, delete and admin calls) and no rule would fire on any of it.
 */
class NormalTrafficPropertiesTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));
    private static final int AGENTS = 60;
    private static final long SEED = 2025;

    private static Fleet fleet;
    private static Map<String, AgentProfile> profiles;
    private static List<AgentEvent> events;

    @BeforeAll
    static void generate() {
        Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(AGENTS, START, END).seed(SEED).attacksPerKind(0).build());
        fleet = FleetFactory.build(AGENTS, SEED);
        profiles = simulation.profiles().stream().collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        events = TrafficChecks.collect(simulation.events());
        assertThat(simulation.labels()).isEmpty();
    }

    @Test
    void noRuleWouldFireAnywhereInNormalTraffic() {
        RuleOracle oracle = new RuleOracle(profiles, TrafficChecks.cronBursts(fleet));
        events.forEach(oracle::accept);

        assertThat(oracle.events()).isEqualTo(events.size());
        assertThat(oracle.violations()).isEmpty();
    }

    @Test
    void theFleetHoldsEveryHardCase() {
        List<Agent> agents = fleet.agents();
        assertThat(agents).anyMatch(a -> a.activity().schedule().kind() == Schedule.Kind.NIGHTLY_BATCH && a.activity().schedule().declared())
                .anyMatch(a -> a.activity().schedule().kind() == Schedule.Kind.WEEKEND)
                .anyMatch(a -> a.activity().schedule().kind() == Schedule.Kind.OFFICE && !a.activity().schedule().declared())
                .anyMatch(a -> a.activity().cron() != null)
                .anyMatch(a -> a.activity().growthPerDay() >= 0.03)
                .anyMatch(a -> a.network().sharedGrant())
                .anyMatch(a -> a.allowedCountries().isEmpty()).anyMatch(a -> !a.allowedCountries().isEmpty())
                .anyMatch(a -> a.maxCapability() == Capability.admin).anyMatch(a -> a.maxCapability() == Capability.delete);
    }

    @Test
    void everyAgentWorksOnlyInItsHoursWithFifteenToThirtyEventsAnHourTimesItsGrowthOrItsCronBurst() {
        Map<String, Map<Long, Integer>> counts = hourlyCounts();
        for (Agent agent : fleet.agents()) {
            EventFactory factory = new EventFactory(agent);
            Map<Long, Integer> perHour = counts.getOrDefault(agent.agentId(), Map.of());
            for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
                long epochHour = hour.getEpochSecond() / 3600;
                int count = perHour.getOrDefault(epochHour, 0);
                var cron = agent.activity().cron();
                double growth = agent.activity().growth(Duration.between(START, hour).toMinutes() / 1440.0);
                if (!agent.activity().schedule().contains(hour)) {
                    assertThat(count).as("%s at %s, outside its hours", agent.name(), hour).isZero();
                } else if (epochHour == factory.firstHour(START)) {
                    assertThat(count).as("%s at %s, its first hour", agent.name(), hour)
                            .isBetween(Math.max(NormalTraffic.BUSY_MIN, factory.coveringSize()), Math.max(
                                    NormalTraffic.BUSY_MAX, cron == null ? factory.coveringSize() : cron.size() * 11 / 10 + 1) + factory.coveringSize());
                } else if (cron != null) {
                    assertThat(count).as("%s at %s, a cron hour", agent.name(), hour)
                            .isBetween(cron.size() * 9 / 10, cron.size() * 11 / 10 + 1);
                } else {
                    assertThat(count).as("%s at %s, inside its hours", agent.name(), hour)
                            .isBetween((int) Math.round(NormalTraffic.BUSY_MIN * growth), (int) Math.round(NormalTraffic.BUSY_MAX * growth));
                }
            }
        }
    }

    @Test
    void steadyAgentsAverageAboutTwentyTwoEventsPerWorkingHour() {
        Map<String, Map<Long, Integer>> counts = hourlyCounts();
        long busyHours = 0;
        long busyEvents = 0;
        for (Agent agent : fleet.agents()) {
            if (agent.activity().cron() != null || agent.activity().growthPerDay() > 0) {
                continue;
            }
            for (Instant hour = START; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
                if (agent.activity().schedule().contains(hour)) {
                    busyHours++;
                    busyEvents += counts.getOrDefault(agent.agentId(), Map.of()).getOrDefault(hour.getEpochSecond() / 3600, 0);
                }
            }
        }
        assertThat((double) busyEvents / busyHours).isCloseTo(22, within(2.0));
    }

    @Test
    void aNightlyBatchAgentWorksOnlyInsideItsDeclaredNightWindow() {
        List<AgentProfile> nightly = profiles.values().stream().filter(p -> p.getOperatingWindow() != null)
                .filter(p -> LocalTime.parse(p.getOperatingWindow().getEnd()).isBefore(LocalTime.parse(p.getOperatingWindow().getStart())))
                .toList();
        assertThat(nightly).isNotEmpty();
        for (AgentProfile profile : nightly) {
            List<AgentEvent> own = events.stream().filter(e -> e.getAgentId().equals(profile.getAgentId())).toList();
            assertThat(own).hasSizeGreaterThan(500)
                    .allSatisfy(e -> assertThat(TrafficChecks.insideWindow(profile.getOperatingWindow(), e.getOccurredAt())).isTrue());
        }
    }

    @Test
    void afterItsFirstWeekAnAgentUsesNoToolPrincipalCountryModelOrCapabilityItHadNotUsedBefore() {
        Map<String, Instant> first = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Capability> highest = new HashMap<>();
        for (AgentEvent event : events) {
            Instant calibrated = first.computeIfAbsent(event.getAgentId(), a -> event.getOccurredAt()).plus(Duration.ofDays(7));
            Set<String> known = seen.computeIfAbsent(event.getAgentId(), a -> new HashSet<>());
            List<String> values = new ArrayList<>(List.of("principal " + event.getPrincipalId(), "country " + event.getGeo().getCountry(),
                    "address " + event.getSourceIp()));
            if (event.getPayload() instanceof ToolCallPayload call) {
                values.add("tool " + call.getTool());
                values.add("action " + call.getActionType());
                Capability before = highest.get(event.getAgentId());
                if (before == null || call.getCapability().compareTo(before) > 0) {
                    assertThat(event.getOccurredAt()).as("%s first uses %s", event.getAgentId(), call.getCapability()).isBefore(calibrated);
                    highest.put(event.getAgentId(), call.getCapability());
                }
            } else if (event.getPayload() instanceof ReceiptPayload receipt) {
                values.add("model " + receipt.getModel());
            }
            for (String value : values) {
                if (known.add(value)) {
                    assertThat(event.getOccurredAt()).as("%s first uses %s", event.getAgentId(), value).isBefore(calibrated);
                }
            }
        }
    }

    @Test
    void cronBurstsComeAtTheTopOfEveryHourAndAreNoSpikeOnceLearned() {
        Map<String, Integer> cron = TrafficChecks.cronBursts(fleet);
        assertThat(cron).isNotEmpty();
        for (AgentEvent event : events) {
            if (cron.containsKey(event.getAgentId())) {
                assertThat(event.getOccurredAt().atZone(ZoneOffset.UTC).getMinute()).as("%s", event.getOccurredAt()).isLessThan(3);
            }
        }
        assertThat(TrafficChecks.velocitySpikes(events)).as("the plain rule flags every burst")
                .extracting(TrafficChecks.Spike::agentId).containsOnlyElementsOf(cron.keySet()).isNotEmpty();
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
    void noBurstOfAnAgentOtherThanACronJobWouldCountAsAVelocitySpike() {
        assertThat(TrafficChecks.velocitySpikes(events, TrafficChecks.cronBursts(fleet))).isEmpty();
    }

    @Test
    void everyReceiptSampledVerifiesWithReceiptSignaturesUnderTheKeyItsProfilePublishes() {
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
    void eachTokenIsUsedFromOneAddressAndEachGrantFromAtMostTwo() {
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
        assertThat(grantAddresses.values()).allSatisfy(ips -> assertThat(ips).hasSizeBetween(1, 2))
                .as("some agents run two addresses behind one grant").anySatisfy(ips -> assertThat(ips).hasSize(2));
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
