package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.simulator.attack.Attack;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fortnight (of January: no zone changes its clocks, which would move an agent's UTC hours) of a 60-agent fleet with five attacks of every kind from day 2 on, judged by the {@link RuleOracle}
 * (each attack trips its rule and nothing else trips anything) and kind by kind (the events are what the rule
 * needs, and otherwise the agent's own).
 */
class AttackInjectionTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));
    private static final Instant ATTACKS_FROM = START.plus(Duration.ofDays(1));
    private static final int AGENTS = 60;
    private static final long SEED = 77;
    private static final Set<String> LEARNED = Set.of("capability_escalation", "new_tool_usage", "new_principal");

    private static Fleet fleet;
    private static Map<String, AgentProfile> profiles;
    private static List<AttackLabel> labels;
    private static List<Attack> attacks;
    private static List<AgentEvent> events;
    private static Map<String, List<AgentEvent>> byAgent;
    private static Set<String> attackEventIds;
    private static RuleOracle oracle;

    @BeforeAll
    static void generate() {
        Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(AGENTS, START, END).seed(SEED)
                .attacksBetween(ATTACKS_FROM, END).attacksPerKind(5).build());
        fleet = FleetFactory.build(AGENTS, SEED);
        profiles = simulation.profiles().stream().collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        labels = simulation.labels();
        attacks = simulation.attacks();
        events = TrafficChecks.collect(simulation.events());
        byAgent = events.stream().collect(Collectors.groupingBy(AgentEvent::getAgentId));
        attackEventIds = attacks.stream().flatMap(a -> a.events().stream()).map(AgentEvent::getEventId).collect(Collectors.toSet());
        oracle = new RuleOracle(profiles, TrafficChecks.cronBursts(fleet));
        events.forEach(oracle::accept);
    }

    @Test
    void placesFiveAttacksOfEveryKindInsideTheAttackRange() {
        assertThat(labels.stream().collect(Collectors.groupingBy(AttackLabel::rule, Collectors.counting())))
                .containsOnlyKeys(FleetSimulator.attackKinds()).allSatisfy((rule, count) -> assertThat(count).isEqualTo(5));
        assertThat(labels).allSatisfy(label -> {
            assertThat(label.start()).isAfterOrEqualTo(ATTACKS_FROM);
            assertThat(label.end()).isBeforeOrEqualTo(END);
        });
        assertThat(labels).extracting(AttackLabel::start).isSorted();
    }

    @Test
    void eachLabelSpansExactlyItsAttacksFirstAndLastEventAllOfThemInTheRun() {
        Set<String> inRun = events.stream().map(AgentEvent::getEventId).collect(Collectors.toSet());
        for (int i = 0; i < attacks.size(); i++) {
            List<AgentEvent> own = attacks.get(i).events();
            AttackLabel label = labels.get(i);
            assertThat(own).isNotEmpty().extracting(AgentEvent::getOccurredAt).isSorted();
            assertThat(own.get(0).getOccurredAt()).as("%s", label).isEqualTo(label.start());
            assertThat(own.get(own.size() - 1).getOccurredAt()).as("%s", label).isEqualTo(label.end());
            assertThat(own).allSatisfy(e -> assertThat(e.getAgentId()).isEqualTo(label.agentId()))
                    .allSatisfy(e -> assertThat(inRun).contains(e.getEventId()));
        }
    }

    @Test
    void everyViolationInTheTrafficLiesInsideALabelOfItsRule() {
        assertThat(oracle.violations()).isNotEmpty();
        assertThat(TrafficChecks.outsideLabels(oracle.violations(), labels)).isEmpty();
    }

    @Test
    void everyLabelHoldsAViolationOfItsRule() {
        assertThat(labels).filteredOn(l -> RuleOracle.RULES.contains(l.rule()))
                .allSatisfy(l -> assertThat(oracle.violations()).as("%s", l).anyMatch(v ->
                        v.rule().equals(l.rule()) && v.agentId().equals(l.agentId())
                                && !v.at().isBefore(l.start()) && !v.at().isAfter(l.end())));
    }

    @Test
    void learnedKindsStartAfterTheAgentsCalibrationAndEightDaysIntoTheRun() {
        for (AttackLabel label : labels) {
            boolean learned = LEARNED.contains(label.rule())
                    || label.rule().equals("off_hours_activity") && profiles.get(label.agentId()).getOperatingWindow() == null
                    || label.rule().equals("geo_anomaly") && profiles.get(label.agentId()).getAllowedCountries().isEmpty();
            if (label.rule().equals("unknown_agent")) {
                continue;
            }
            Instant first = byAgent.get(label.agentId()).get(0).getOccurredAt();
            assertThat(attackEventIds).as("an agent's first event is its own").doesNotContain(byAgent.get(label.agentId()).get(0).getEventId());
            if (learned) {
                assertThat(label.start()).as("%s", label).isAfterOrEqualTo(START.plus(Duration.ofDays(8)))
                        .isAfter(first.plus(RuleOracle.CALIBRATION));
            }
        }
    }

    @Test
    void unknownAgentBurstComesFromAnIdWithoutProfileInsideItsLabelOnly() {
        for (AttackLabel label : rule("unknown_agent")) {
            List<AgentEvent> burst = byAgent.get(label.agentId());
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
            List<AgentEvent> escalations = byAgent.get(label.agentId()).stream()
                    .filter(e -> e.getPayload() instanceof AuthorizationPayload auth && !registered.containsAll(auth.getScopes()))
                    .toList();
            assertThat(escalations).hasSizeBetween(1, 2);
            assertThat(escalations.get(0).getOccurredAt()).isEqualTo(label.start());
            assertThat(escalations.get(escalations.size() - 1).getOccurredAt()).isEqualTo(label.end());
            assertThat(escalations).allSatisfy(e -> assertThat(e.getSourceIp()).isIn(ownAddresses(label.agentId())));
            assertThat(escalations).as("an escalation must ask for scopes; introspect and revoke ask for nothing")
                    .allSatisfy(e -> assertThat(((AuthorizationPayload) e.getPayload()).getAction())
                            .isIn(AuthorizationAction.token_request, AuthorizationAction.token_exchange, AuthorizationAction.authorize));
        }
    }

    @Test
    void velocitySpikePacks150To400RequestsIntoFiveMinutesAfterAnOrdinaryHour() {
        Map<String, Integer> cron = TrafficChecks.cronBursts(fleet);
        for (AttackLabel label : rule("velocity_spike")) {
            List<Instant> times = byAgent.get(label.agentId()).stream().map(AgentEvent::getOccurredAt).toList();
            long during = times.stream().filter(t -> !t.isBefore(label.start()) && !t.isAfter(label.end())).count();
            long hourBefore = times.stream()
                    .filter(t -> !t.isBefore(label.start().minus(Duration.ofHours(1))) && t.isBefore(label.start())).count();
            assertThat(Duration.between(label.start(), label.end())).isLessThanOrEqualTo(Duration.ofMinutes(5));
            assertThat(during).isBetween(150L, 400L + 5).isGreaterThan(3L * cron.getOrDefault(label.agentId(), 0));
            double growth = fleet.byId().get(label.agentId()).activity().growth(14);
            assertThat(hourBefore).isBetween(15L, cron.containsKey(label.agentId()) ? 70L : Math.round(35 * growth));
            assertThat(TrafficChecks.insideWindow(profiles.get(label.agentId()).getOperatingWindow(), label.start())).isTrue();
        }
    }

    @Test
    void tokenReplayPresentsTheAgentsTokenFromASecondAddressWithinTenMinutes() {
        for (Attack attack : attacksOf("token_replay")) {
            Set<String> tokens = attack.events().stream().map(e -> ((ToolCallPayload) e.getPayload()).getTokenJti())
                    .collect(Collectors.toSet());
            Set<String> grants = attack.events().stream().map(e -> ((ToolCallPayload) e.getPayload()).getGrantId())
                    .collect(Collectors.toSet());
            List<String> addresses = attack.events().stream().map(AgentEvent::getSourceIp).distinct().toList();
            Set<String> own = ownAddresses(attack.agentId());

            assertThat(tokens).hasSize(1);
            assertThat(addresses).hasSize(2);
            assertThat(addresses.get(0)).isIn(own);
            assertThat(addresses.get(1)).isNotIn(own);
            assertThat(Duration.between(attack.start(), attack.end())).isLessThan(RuleOracle.REPLAY_WINDOW);
            assertThat(addressesOfGrantAround(attack.agentId(), grants.iterator().next(), attack.start()))
                    .as("the grant is seen from two addresses, not the three of a concurrent session").hasSize(2);
            assertLooksLikeTheAgentsOwnApartFromAddresses(attack);
        }
    }

    @Test
    void concurrentSessionsUseOneGrantFromThreeOrMoreAddressesWithinFifteenMinutesEachWithItsOwnToken() {
        for (Attack attack : attacksOf("concurrent_sessions")) {
            Map<String, Set<String>> addressesByToken = new HashMap<>();
            Set<String> grants = new HashSet<>();
            for (AgentEvent e : attack.events()) {
                String token = e.getPayload() instanceof ToolCallPayload call ? call.getTokenJti()
                        : ((AuthorizationPayload) e.getPayload()).getTokenJti();
                grants.add(e.getPayload() instanceof ToolCallPayload call ? call.getGrantId()
                        : ((AuthorizationPayload) e.getPayload()).getGrantId());
                addressesByToken.computeIfAbsent(token, t -> new HashSet<>()).add(e.getSourceIp());
            }
            assertThat(grants).hasSize(1);
            assertThat(attack.events().stream().map(AgentEvent::getSourceIp).distinct().count()).isBetween(3L, 4L);
            assertThat(addressesByToken.values()).allSatisfy(ips -> assertThat(ips).hasSize(1));
            assertThat(Duration.between(attack.start(), attack.end())).isLessThan(RuleOracle.SESSION_WINDOW);
            assertLooksLikeTheAgentsOwnApartFromAddresses(attack);
        }
    }

    @Test
    void delegationDepthGoesPastTheProfilesMaximum() {
        for (Attack attack : attacksOf("delegation_depth")) {
            int max = profiles.get(attack.agentId()).getMaxDelegationDepth();
            assertThat(attack.events()).allSatisfy(e -> {
                int depth = e.getPayload() instanceof DelegationPayload d ? d.getDepth()
                        : ((AuthorizationPayload) e.getPayload()).getDelegation().getDepth();
                assertThat(depth).isBetween(max + 1, max + 3);
            });
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getSourceIp()).isIn(ownAddresses(attack.agentId())));
        }
    }

    @Test
    void budgetOverspendSpendsMoreThanNinetyPercentOfTheBudgetWithinFiveMinutesInSignedReceiptsOfTheUsualModel() {
        for (Attack attack : attacksOf("budget_overspend")) {
            AgentProfile profile = profiles.get(attack.agentId());
            BigDecimal spent = attack.events().stream().map(e -> ((ReceiptPayload) e.getPayload()).getCostUsd())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(spent).isGreaterThan(profile.getBudget().getAmountUsd().multiply(new BigDecimal("0.9")));
            assertThat(Duration.between(attack.start(), attack.end())).isLessThan(RuleOracle.SPEND_WINDOW);
            assertThat(attack.events()).hasSizeBetween(4, 8).allSatisfy(e -> {
                assertThat(verifies(e)).isTrue();
                assertThat(((ReceiptPayload) e.getPayload()).getModel()).isIn(modelsBefore(attack));
            });
        }
    }

    @Test
    void signatureFailureReceiptsDoNotVerifyUnderTheProfilesKeys() {
        for (Attack attack : attacksOf("signature_failure")) {
            assertThat(attack.events()).hasSizeBetween(1, 2).allSatisfy(e -> {
                assertThat(e.getPayload()).isInstanceOf(ReceiptPayload.class);
                assertThat(verifies(e)).isFalse();
                assertThat(((ReceiptPayload) e.getPayload()).getModel()).isIn(modelsBefore(attack));
            });
        }
    }

    @Test
    void offHoursActivityFallsWellOutsideTheDeclaredWindowOrAtAnHourTheAgentNeverWorks() {
        for (Attack attack : attacksOf("off_hours_activity")) {
            AgentProfile profile = profiles.get(attack.agentId());
            for (AgentEvent e : attack.events()) {
                for (long minutes = -120; minutes <= 120; minutes += 30) {
                    Instant near = e.getOccurredAt().plus(Duration.ofMinutes(minutes));
                    Agent agent = fleet.byId().get(attack.agentId());
                    assertThat(agent.activity().schedule().contains(near)).as("%s near %s", attack.description(), near).isFalse();
                }
            }
            if (profile.getOperatingWindow() == null) {
                Set<Integer> worked = ownEvents(attack.agentId()).stream()
                        .map(e -> e.getOccurredAt().atZone(ZoneOffset.UTC).getHour()).collect(Collectors.toSet());
                assertThat(attack.events()).allSatisfy(e -> assertThat(worked)
                        .doesNotContain(e.getOccurredAt().atZone(ZoneOffset.UTC).getHour()));
            }
            assertThat(attack.events()).hasSizeBetween(5, 9);
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getSourceIp()).isIn(ownAddresses(attack.agentId())));
        }
    }

    @Test
    void geoAnomalyComesFromACountryOutsideTheAllowedOnesOrNeverSeenOnANewSession() {
        for (Attack attack : attacksOf("geo_anomaly")) {
            AgentProfile profile = profiles.get(attack.agentId());
            Set<String> countries = ownEvents(attack.agentId()).stream().map(e -> e.getGeo().getCountry()).collect(Collectors.toSet());
            assertThat(countries).hasSize(1);
            assertThat(attack.events()).allSatisfy(e -> {
                assertThat(e.getGeo().getCountry()).isNotIn(countries).isNotIn(profile.getAllowedCountries());
                assertThat(e.getSourceIp()).isNotIn(ownAddresses(attack.agentId()));
                assertThat(e.getPrincipalId()).isIn(principalsBefore(attack));
            });
            assertThat(((AuthorizationPayload) attack.events().get(0).getPayload()).getAction()).isEqualTo(AuthorizationAction.token_request);
        }
    }

    @Test
    void capabilityEscalationUsesAKnownActionAtAHigherCapabilityThanEverBefore() {
        for (Attack attack : attacksOf("capability_escalation")) {
            List<ToolCallPayload> before = ownEvents(attack.agentId()).stream().filter(e -> e.getOccurredAt().isBefore(attack.start()))
                    .map(AgentEvent::getPayload).filter(ToolCallPayload.class::isInstance).map(ToolCallPayload.class::cast).toList();
            var highest = before.stream().map(ToolCallPayload::getCapability).max(Comparator.naturalOrder()).orElseThrow();
            Set<String> actions = before.stream().map(c -> c.getTool() + " " + c.getActionType()).collect(Collectors.toSet());
            assertThat(attack.events()).allSatisfy(e -> {
                ToolCallPayload call = (ToolCallPayload) e.getPayload();
                assertThat(call.getCapability()).isGreaterThan(highest);
                assertThat(actions).contains(call.getTool() + " " + call.getActionType());
                assertThat(e.getPrincipalId()).isIn(principalsBefore(attack));
            });
        }
    }

    @Test
    void newToolUsageCallsAToolTheAgentNeverUsedAtNoHigherCapability() {
        for (Attack attack : attacksOf("new_tool_usage")) {
            List<ToolCallPayload> own = ownEvents(attack.agentId()).stream().map(AgentEvent::getPayload)
                    .filter(ToolCallPayload.class::isInstance).map(ToolCallPayload.class::cast).toList();
            Set<String> tools = own.stream().map(ToolCallPayload::getTool).collect(Collectors.toSet());
            assertThat(attack.events()).hasSizeBetween(1, 3).allSatisfy(e -> {
                ToolCallPayload call = (ToolCallPayload) e.getPayload();
                assertThat(call.getTool()).isNotIn(tools);
                assertThat(call.getCapability()).isEqualTo(Capability.read);
                assertThat(e.getSourceIp()).isIn(ownAddresses(attack.agentId()));
            });
        }
    }

    @Test
    void newPrincipalActsForSomeoneTheAgentNeverActedForWithReceiptsThatStillVerify() {
        for (Attack attack : attacksOf("new_principal")) {
            Set<String> principals = ownEvents(attack.agentId()).stream().map(AgentEvent::getPrincipalId).collect(Collectors.toSet());
            assertThat(attack.events()).allSatisfy(e -> {
                assertThat(e.getPrincipalId()).isNotIn(principals).startsWith("user:").endsWith("@" + e.getTenantId() + ".example");
                if (e.getPayload() instanceof ReceiptPayload) {
                    assertThat(verifies(e)).isTrue();
                }
            });
            assertThat(attack.events().stream().map(AgentEvent::getPrincipalId).distinct()).hasSize(1);
        }
    }

    @Test
    void kindsWithVariantsTakeThemInTurn() {
        assertThat(attacksOf("off_hours_activity")).extracting(a -> profiles.get(a.agentId()).getOperatingWindow() == null)
                .containsExactlyInAnyOrder(false, true, false, true, false);
        assertThat(attacksOf("geo_anomaly")).extracting(a -> profiles.get(a.agentId()).getAllowedCountries().isEmpty())
                .containsExactlyInAnyOrder(false, true, false, true, false);
        assertThat(attacksOf("signature_failure")).extracting(Attack::description)
                .anyMatch(d -> d.contains("cost lowered")).anyMatch(d -> d.contains("a key other than"))
                .anyMatch(d -> d.contains("does not publish"));
    }

    @Test
    void attacksOnTheSameAgentAreAnHourApartAndNeverTwiceOfOneKind() {
        Map<String, List<AttackLabel>> perAgent = labels.stream().collect(Collectors.groupingBy(AttackLabel::agentId));
        perAgent.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(Duration.between(list.get(i - 1).end(), list.get(i).start())).isGreaterThan(Duration.ofHours(1));
            }
            assertThat(list).extracting(AttackLabel::rule).doesNotHaveDuplicates();
        });
    }

    @Test
    void attackEventsCarryTheAgentsOwnTenantAndAddressesExceptAStrangersWhereThatIsTheAttack() {
        Set<String> strangers = Set.of("token_replay", "concurrent_sessions", "geo_anomaly", "unknown_agent");
        for (Attack attack : attacks) {
            if (!strangers.contains(attack.rule())) {
                assertThat(attack.events()).allSatisfy(e -> {
                    assertThat(e.getTenantId()).isEqualTo(profiles.get(attack.agentId()).getTenantId());
                    assertThat(e.getSourceIp()).isIn(ownAddresses(attack.agentId()));
                });
            }
        }
    }

    private static void assertLooksLikeTheAgentsOwnApartFromAddresses(Attack attack) {
        String home = ownEvents(attack.agentId()).get(0).getGeo().getCountry();
        assertThat(attack.events()).allSatisfy(e -> {
            assertThat(e.getGeo().getCountry()).isEqualTo(home);
            assertThat(e.getPrincipalId()).isIn(principalsBefore(attack));
            if (e.getPayload() instanceof ToolCallPayload call) {
                assertThat(call.getCapability()).isLessThanOrEqualTo(fleet.byId().get(attack.agentId()).maxCapability());
            }
        });
    }

    private static boolean verifies(AgentEvent event) {
        String key = profiles.get(event.getAgentId()).getPublicKeys().get(((ReceiptPayload) event.getPayload()).getKeyId());
        return key != null && ReceiptSignatures.verify(event, Ed25519Keys.decodePublic(key));
    }

    private static List<AttackLabel> rule(String rule) {
        List<AttackLabel> found = labels.stream().filter(l -> l.rule().equals(rule)).toList();
        assertThat(found).isNotEmpty();
        return found;
    }

    private static List<Attack> attacksOf(String rule) {
        List<Attack> found = attacks.stream().filter(a -> a.rule().equals(rule)).toList();
        assertThat(found).hasSize(5);
        return found;
    }

    /** The agent's events that belong to no attack. */
    private static List<AgentEvent> ownEvents(String agentId) {
        return byAgent.get(agentId).stream().filter(e -> !attackEventIds.contains(e.getEventId())).toList();
    }

    private static Set<String> ownAddresses(String agentId) {
        return ownEvents(agentId).stream().map(AgentEvent::getSourceIp).collect(Collectors.toSet());
    }

    private static Set<String> principalsBefore(Attack attack) {
        return ownEvents(attack.agentId()).stream().filter(e -> e.getOccurredAt().isBefore(attack.start()))
                .map(AgentEvent::getPrincipalId).collect(Collectors.toSet());
    }

    private static Set<String> modelsBefore(Attack attack) {
        return ownEvents(attack.agentId()).stream().filter(e -> e.getOccurredAt().isBefore(attack.start()))
                .map(AgentEvent::getPayload).filter(ReceiptPayload.class::isInstance)
                .map(p -> ((ReceiptPayload) p).getModel()).collect(Collectors.toSet());
    }

    private static Set<String> addressesOfGrantAround(String agentId, String grant, Instant at) {
        return byAgent.get(agentId).stream()
                .filter(e -> !e.getOccurredAt().isBefore(at.minus(RuleOracle.SESSION_WINDOW))
                        && !e.getOccurredAt().isAfter(at.plus(RuleOracle.SESSION_WINDOW)))
                .filter(e -> e.getPayload() instanceof ToolCallPayload call && grant.equals(call.getGrantId())
                        || e.getPayload() instanceof AuthorizationPayload auth && grant.equals(auth.getGrantId()))
                .map(AgentEvent::getSourceIp).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private static Set<String> addressesOfTenant(String tenant) {
        return events.stream().filter(e -> profiles.containsKey(e.getAgentId()) && e.getTenantId().equals(tenant))
                .map(AgentEvent::getSourceIp).collect(Collectors.toSet());
    }
}
