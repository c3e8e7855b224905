package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.RuleCondition;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.rules.RuleWindows;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Custom rules from vigil.rules.v1 in the topology: each condition field, each aggregate, CEL errors, changes at run time. */
class CustomRulesTopologyTest {

    private TopologyHarness harness = new TopologyHarness(TopologyHarness.only());
    private final AtomicInteger ids = new AtomicInteger();

    @AfterEach
    void close() {
        harness.close();
    }

    // ---------------------------------------------------------------- events

    private AgentEvent.Builder envelope(String agent, Instant at) {
        return AgentEvent.newBuilder().setEventId("e-" + ids.incrementAndGet()).setTenantId(Events.TENANT).setAgentId(agent)
                .setPrincipalId("user-1").setOccurredAt(at).setOutcome(Outcome.success);
    }

    private AgentEvent tool(String agent, Instant at, String tool, long bytesWritten) {
        return envelope(agent, at).setPayload(ToolCallPayload.newBuilder().setTool(tool).setCapability(Capability.write)
                .setBytesWritten(bytesWritten).build()).build();
    }

    private AgentEvent auth(String agent, Instant at, String sourceIp, List<String> scopes) {
        return envelope(agent, at).setSourceIp(sourceIp).setPayload(AuthorizationPayload.newBuilder()
                .setAction(AuthorizationAction.token_request).setGrantId("g").setScopes(scopes).build()).build();
    }

    private AgentEvent receipt(String agent, Instant at, String cost) {
        return envelope(agent, at).setPayload(ReceiptPayload.newBuilder().setReceiptId("r-" + ids.get()).setProvider("openai")
                .setModel("gpt-4o").setInputTokens(10L).setOutputTokens(10L).setCostUsd(new BigDecimal(cost)).build()).build();
    }

    private void sendTools(String agent, int n, Instant from, Duration step, String tool) {
        for (int i = 0; i < n; i++) {
            harness.send(tool(agent, from.plus(step.multipliedBy(i)), tool, 10));
        }
    }

    private static String rule(String id, String condition) {
        return "{\"ruleId\": \"" + id + "\", \"name\": \"Rule " + id + "\", \"severity\": \"high\", \"channels\": [\"sec-slack\"],"
                + " \"condition\": {" + condition + "}}";
    }

    private List<Alert> alertsOf(String ruleId) {
        return harness.alerts().stream().filter(a -> a.getRuleId().equals(ruleId)).toList();
    }

    // ---------------------------------------------------------------- count, threshold and window

    @Test
    void countFiresAtTheThresholdNotBefore() {
        harness.rule(rule("email-burst", "\"where\": \"event.tool == 'email:send'\", \"timeWindow\": \"5m\", \"threshold\": 5"));
        sendTools("a1", 4, T0, Duration.ofSeconds(10), "email:send");
        assertThat(harness.alerts()).isEmpty();
        harness.send(tool("a1", T0.plusSeconds(50), "email:send", 10));
        List<Alert> alerts = harness.alerts();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getRuleId()).isEqualTo("email-burst");
            assertThat(a.getRuleVersion()).isEqualTo(1);
            assertThat(a.getChannels()).containsExactly("sec-slack");
            assertThat(a.getCategory()).isEqualTo("custom");
            assertThat(a.getSeverity()).isEqualTo(Severity.high);
            assertThat(a.getRuleName()).isEqualTo("Rule email-burst");
            assertThat(a.getObserved()).containsEntry("count", "5");
            assertThat(a.getBaseline()).containsEntry("threshold", "5").containsEntry("timeWindow", "5m");
            assertThat(a.getDescription()).isEqualTo("Rule email-burst: 5 matching events in 5m (threshold 5)");
            assertThat(a.getEvidence().getEventIds()).hasSize(1);
            assertThat(a.getCalibrating()).isFalse();
        });
    }

    @Test
    void theWindowSlidesEventsOlderThanItDoNotCount() {
        harness.rule(rule("r", "\"eventTypes\": [\"tool_call\"], \"timeWindow\": \"5m\", \"threshold\": 3"));
        // Two events, then a third 5 minutes after the first: the first has left the 5m window (5 s buckets).
        harness.send(tool("a1", T0, "x", 1));
        harness.send(tool("a1", T0.plusSeconds(60), "x", 1));
        harness.send(tool("a1", T0.plusSeconds(300), "x", 1));
        assertThat(harness.alerts()).isEmpty();
        // A fourth within the window of the last two fires.
        harness.send(tool("a1", T0.plusSeconds(320), "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> {
            assertThat(a.getObserved()).containsEntry("count", "3");
            assertThat(a.getWindowEnd().toEpochMilli() - a.getWindowStart().toEpochMilli()).isEqualTo(300_000);
        });
    }

    @Test
    void windowResolutionIsASixtiethOfTheWindow() {
        harness.rule(rule("hourly", "\"timeWindow\": \"1h\", \"threshold\": 2"));
        // 1h window: 1-minute buckets. 59 minutes apart: same window; buckets 0 and 59 are the window's two ends.
        harness.send(tool("a1", T0, "x", 1));
        harness.send(tool("a1", T0.plus(Duration.ofMinutes(59)).plusSeconds(59), "x", 1));
        assertThat(alertsOf("hourly")).hasSize(1);
        harness.rule(rule("hourly2", "\"timeWindow\": \"1h\", \"threshold\": 2"));
        harness.send(tool("a2", T0, "x", 1));
        harness.send(tool("a2", T0.plus(Duration.ofMinutes(60)), "x", 1));
        assertThat(alertsOf("hourly2")).isEmpty();
    }

    @Test
    void repeatsFoldIntoTheOpenAlert() {
        harness.rule(rule("r", "\"threshold\": 2"));
        sendTools("a1", 10, T0, Duration.ofSeconds(1), "x");
        List<Alert> alerts = harness.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(harness.stateStore().get("a1").openAlert("r")).hasValueSatisfying(o -> assertThat(o.occurrences()).isEqualTo(9));
    }

    // ---------------------------------------------------------------- each condition filter

    @Test
    void agentIdsLimitTheRuleToThoseAgents() {
        harness.rule(rule("r", "\"agentIds\": [\"a1\"]"));
        harness.send(tool("a2", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.send(tool("a1", T0, "x", 1));
        assertThat(alertsOf("r")).extracting(Alert::getAgentId).containsExactly("a1");
    }

    @Test
    void tenantIdsLimitTheRuleToThoseTenants() {
        harness.rule(rule("r", "\"tenantIds\": [\"other-tenant\"]"));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.send(envelope("b1", T0).setTenantId("other-tenant").setPayload(ToolCallPayload.newBuilder().setTool("x")
                .setCapability(Capability.read).build()).build());
        assertThat(alertsOf("r")).extracting(Alert::getAgentId).containsExactly("b1");
    }

    @Test
    void agentAndTenantTogetherNeedBoth() {
        harness.rule(rule("r", "\"agentIds\": [\"a1\"], \"tenantIds\": [\"other-tenant\"]"));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void eventTypesLimitTheRuleToThoseTypes() {
        harness.rule(rule("r", "\"eventTypes\": [\"receipt\"]"));
        harness.send(tool("a1", T0, "x", 1));
        harness.send(auth("a1", T0, "10.0.0.1", List.of("repo:read")));
        assertThat(harness.alerts()).isEmpty();
        harness.send(receipt("a1", T0, "0.01"));
        assertThat(alertsOf("r")).hasSize(1);
    }

    @Test
    void scopesTriggerOnlyWhenOneIsInvolved() {
        harness.rule(rule("r", "\"scopes\": [\"admin:write\", \"billing:write\"]"));
        harness.send(auth("a1", T0, "10.0.0.1", List.of("repo:read")));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.send(auth("a1", T0.plusSeconds(1), "10.0.0.1", List.of("repo:read", "billing:write")));
        assertThat(alertsOf("r")).hasSize(1);
    }

    @Test
    void whereSelectsEventsByAnyField() {
        harness.rule(rule("big-shell-write", "\"where\": \"event.tool == 'shell' && event.bytesWritten > 1000000 "
                + "&& !(event.agentId in ['deploy-1'])\""));
        harness.send(tool("a1", T0, "shell", 1_000_000));
        harness.send(tool("a1", T0, "python", 5_000_000));
        harness.send(tool("deploy-1", T0, "shell", 5_000_000));
        assertThat(harness.alerts()).isEmpty();
        harness.send(tool("a1", T0.plusSeconds(1), "shell", 1_000_001));
        assertThat(alertsOf("big-shell-write")).extracting(Alert::getAgentId).containsExactly("a1");
    }

    // ---------------------------------------------------------------- aggregates

    @Test
    void sumAddsTheFieldOverTheWindow() {
        harness.rule(rule("exfil", "\"eventTypes\": [\"tool_call\"], \"aggregate\": \"sum(bytesWritten)\", \"timeWindow\": \"15m\", "
                + "\"threshold\": 1000"));
        harness.send(tool("a1", T0, "x", 400));
        harness.send(tool("a1", T0.plusSeconds(60), "x", 599));
        assertThat(harness.alerts()).isEmpty();
        harness.send(tool("a1", T0.plusSeconds(120), "x", 1));
        assertThat(alertsOf("exfil")).singleElement().satisfies(a -> {
            assertThat(a.getObserved()).containsEntry("sum(bytesWritten)", "1000");
            assertThat(a.getDescription()).contains("sum(bytesWritten) = 1000 in 15m");
        });
    }

    @Test
    void sumOfCostIsExactInDollars() {
        harness.rule(rule("spend", "\"aggregate\": \"sum(costUsd)\", \"timeWindow\": \"1h\", \"threshold\": 1"));
        for (int i = 0; i < 9; i++) {
            harness.send(receipt("a1", T0.plusSeconds(i), "0.1"));
        }
        assertThat(harness.alerts()).isEmpty();
        harness.send(receipt("a1", T0.plusSeconds(10), "0.1"));
        assertThat(alertsOf("spend")).singleElement().satisfies(a -> assertThat(a.getObserved()).containsEntry("sum(costUsd)", "1"));
    }

    @Test
    void sumIgnoresEventsWithoutTheField() {
        harness.rule(rule("r", "\"aggregate\": \"sum(bytesWritten)\", \"threshold\": 1"));
        harness.send(auth("a1", T0, "10.0.0.1", List.of("x")));
        harness.send(receipt("a1", T0, "1"));
        assertThat(harness.alerts()).isEmpty();
        assertThat(RuleWindows.size(harness.stateStore().get("a1"), "r")).isEqualTo(-1);
    }

    @Test
    void distinctCountsDifferentValuesInTheWindow() {
        harness.rule(rule("spray", "\"aggregate\": \"distinct(sourceIp)\", \"timeWindow\": \"10m\", \"threshold\": 3"));
        harness.send(auth("a1", T0, "10.0.0.1", List.of("x")));
        harness.send(auth("a1", T0.plusSeconds(1), "10.0.0.1", List.of("x")));
        harness.send(auth("a1", T0.plusSeconds(2), "10.0.0.2", List.of("x")));
        harness.send(auth("a1", T0.plusSeconds(3), "10.0.0.2", List.of("x")));
        assertThat(harness.alerts()).isEmpty();
        harness.send(auth("a1", T0.plusSeconds(4), "10.0.0.3", List.of("x")));
        assertThat(alertsOf("spray")).singleElement().satisfies(a ->
                assertThat(a.getObserved()).containsEntry("distinct(sourceIp)", "3"));
    }

    @Test
    void distinctForgetsValuesThatLeftTheWindowAndKeepsAtMostThresholdValues() {
        harness.rule(rule("spray", "\"aggregate\": \"distinct(sourceIp)\", \"timeWindow\": \"10m\", \"threshold\": 3"));
        harness.send(auth("a1", T0, "10.0.0.1", List.of("x")));
        harness.send(auth("a1", T0.plusSeconds(60), "10.0.0.2", List.of("x")));
        // 10.0.0.1 is 10 minutes old now: out of the window.
        harness.send(auth("a1", T0.plusSeconds(600), "10.0.0.3", List.of("x")));
        assertThat(harness.alerts()).isEmpty();
        // A re-seen value refreshes: .2 and .3 in the window, .2 again, then .4 makes 3.
        harness.send(auth("a1", T0.plusSeconds(601), "10.0.0.2", List.of("x")));
        harness.send(auth("a1", T0.plusSeconds(602), "10.0.0.4", List.of("x")));
        assertThat(alertsOf("spray")).hasSize(1);
        for (int i = 0; i < 50; i++) {
            harness.send(auth("a1", T0.plusSeconds(603 + i), "10.1.0." + i, List.of("x")));
        }
        assertThat(RuleWindows.size(harness.stateStore().get("a1"), "spray")).isEqualTo(3);
    }

    // ---------------------------------------------------------------- CEL errors

    @Test
    void aRuntimeErrorOrMissingFieldIsNoMatchNotACrash() {
        harness.rule(rule("div", "\"where\": \"100 / (event.records - event.records) > 1\""));
        harness.rule(rule("missing", "\"where\": \"event.bytesWritten > 10\""));
        harness.send(envelope("a1", T0).setPayload(ToolCallPayload.newBuilder().setTool("x").setCapability(Capability.read)
                .setRecords(5L).build()).build());
        harness.send(auth("a1", T0, "10.0.0.1", List.of("x")));
        harness.send(receipt("a1", T0, "1"));
        assertThat(harness.alerts()).isEmpty();
        harness.send(tool("a1", T0.plusSeconds(1), "x", 11));
        assertThat(harness.alerts()).extracting(Alert::getRuleId).containsExactly("missing");
    }

    @Test
    void aRecordWithACelTypeErrorIsCountedAndIgnoredAndOthersStillApply() {
        RuleDefinition broken = RuleDefinition.newBuilder().setRuleId("typo").setName("Typo")
                .setCondition(RuleCondition.newBuilder().setWhere("event.tool > 3").build()).build();
        harness.sendRuleRaw("typo", harness.ruleBytes(broken));
        harness.sendRuleRaw("garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
        RuleDefinition mismatched = RuleDefinition.newBuilder().setRuleId("other").setName("Other")
                .setCondition(RuleCondition.newBuilder().build()).build();
        harness.sendRuleRaw("not-other", harness.ruleBytes(mismatched));
        harness.rule(rule("good", ""));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).extracting(Alert::getRuleId).containsExactly("good");
        assertThat(harness.counter("vigil.rules.rejected", "reason", "invalid")).isEqualTo(1);
        assertThat(harness.counter("vigil.rules.rejected", "reason", "undecodable")).isEqualTo(1);
        assertThat(harness.counter("vigil.rules.rejected", "reason", "key-mismatch")).isEqualTo(1);
    }

    @Test
    void aBrokenNewVersionLeavesThePreviousVersionInForce() {
        harness.rule(rule("r", "\"where\": \"event.tool == 'x'\""));
        RuleDefinition broken = RuleDefinition.newBuilder().setRuleId("r").setName("R").setVersion(2)
                .setCondition(RuleCondition.newBuilder().setTimeWindow("30d").build()).build();
        harness.sendRuleRaw("r", harness.ruleBytes(broken));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> assertThat(a.getRuleVersion()).isEqualTo(1));
    }

    // ---------------------------------------------------------------- changes at run time

    @Test
    void aDisabledRuleIsQuietAndEnablingItResumes() {
        harness.rule(rule("r", "\"threshold\": 1").replace("\"severity\"", "\"enabled\": false, \"severity\""));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.rule(rule("r", "\"threshold\": 1").replace("\"severity\"", "\"version\": 2, \"severity\""));
        harness.send(tool("a1", T0.plusSeconds(1), "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> assertThat(a.getRuleVersion()).isEqualTo(2));
    }

    @Test
    void aChangedThresholdAppliesToTheNextEventAndKeepsTheWindow() {
        harness.rule(rule("r", "\"threshold\": 10"));
        sendTools("a1", 5, T0, Duration.ofSeconds(1), "x");
        assertThat(harness.alerts()).isEmpty();
        harness.rule(rule("r", "\"threshold\": 6").replace("\"severity\"", "\"version\": 2, \"severity\""));
        harness.send(tool("a1", T0.plusSeconds(6), "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> {
            assertThat(a.getObserved()).containsEntry("count", "6");
            assertThat(a.getRuleVersion()).isEqualTo(2);
        });
    }

    @Test
    void aChangedConditionStartsAnEmptyWindow() {
        harness.rule(rule("r", "\"threshold\": 3"));
        sendTools("a1", 2, T0, Duration.ofSeconds(1), "x");
        harness.rule(rule("r", "\"threshold\": 3, \"eventTypes\": [\"tool_call\"]"));
        harness.send(tool("a1", T0.plusSeconds(3), "x", 1));
        assertThat(harness.alerts()).isEmpty();
        sendTools("a1", 2, T0.plusSeconds(4), Duration.ofSeconds(1), "x");
        assertThat(alertsOf("r")).singleElement().satisfies(a -> assertThat(a.getObserved()).containsEntry("count", "3"));
    }

    @Test
    void aDeletedRuleIsGoneWithItsStateAndOpenAlert() {
        harness.rule(rule("r", ""));
        harness.send(tool("a1", T0, "x", 1));
        String first = alertsOf("r").get(0).getAlertId();
        harness.deleteRule("r");
        harness.send(tool("a1", T0.plusSeconds(1), "x", 1));
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.stateStore().get("a1").openAlert("r")).isEmpty();
        assertThat(RuleWindows.size(harness.stateStore().get("a1"), "r")).isEqualTo(-1);
        harness.rule(rule("r", ""));
        harness.send(tool("a1", T0.plusSeconds(2), "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> assertThat(a.getAlertId()).isNotEqualTo(first));
    }

    @Test
    void rulesAndWindowsSurviveARestart() {
        harness.rule(rule("r", "\"threshold\": 4"));
        sendTools("a1", 3, T0, Duration.ofSeconds(1), "x");
        harness = harness.restart();
        harness.send(tool("a1", T0.plusSeconds(3), "x", 1));
        assertThat(alertsOf("r")).singleElement().satisfies(a -> assertThat(a.getObserved()).containsEntry("count", "4"));
    }

    @Test
    void anEventOlderThanTheWindowIsJudgedAlone() {
        harness.rule(rule("r", "\"threshold\": 2, \"timeWindow\": \"5m\""));
        harness.send(tool("a1", T0.plusSeconds(600), "x", 1));
        harness.send(tool("a1", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.rule(rule("one", "\"threshold\": 1, \"timeWindow\": \"5m\""));
        harness.send(tool("a1", T0.plusSeconds(1), "x", 1));
        assertThat(alertsOf("one")).hasSize(1);
    }

    @Test
    void stateStaysBoundedPerAgentAndRule() {
        harness.rule(rule("r", "\"threshold\": 1000000, \"timeWindow\": \"1h\""));
        for (int i = 0; i < 2_000; i++) {
            harness.send(tool("a1", T0.plusSeconds(i * 7L), "x", 1));
        }
        assertThat(RuleWindows.size(harness.stateStore().get("a1"), "r")).isEqualTo(60);
    }

    // ---------------------------------------------------------------- built-in rules through the same topic

    @Test
    void aBuiltInRuleIsToggledGloballyPerTenantAndPerAgent() {
        harness.close();
        harness = new TopologyHarness(TopologyHarness.only("unknown_agent"));
        harness.send(tool("u1", T0, "x", 1));
        assertThat(harness.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
        harness.rule("{\"ruleId\": \"unknown_agent:quiet-u2\", \"enabled\": false, \"condition\": {\"agentIds\": [\"u2\"]}}");
        harness.send(tool("u2", T0, "x", 1));
        harness.send(tool("u3", T0, "x", 1));
        assertThat(harness.alerts()).extracting(Alert::getAgentId).containsExactly("u3");
        harness.rule("{\"ruleId\": \"unknown_agent:tenant\", \"enabled\": false, \"condition\": {\"tenantIds\": [\"" + Events.TENANT + "\"]}}");
        harness.send(tool("u4", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        harness.deleteRule("unknown_agent:tenant");
        harness.rule("{\"ruleId\": \"unknown_agent\", \"enabled\": false}");
        harness.send(tool("u5", T0, "x", 1));
        assertThat(harness.alerts()).isEmpty();
        // A more specific scope wins: the agent is switched back on although the rule is off globally.
        harness.rule("{\"ruleId\": \"unknown_agent:on-u6\", \"enabled\": true, \"condition\": {\"agentIds\": [\"u6\"]}}");
        harness.send(tool("u6", T0, "x", 1));
        assertThat(harness.alerts()).extracting(Alert::getAgentId).containsExactly("u6");
    }

    @Test
    void aBuiltInRulesParameterIsOverriddenAtRunTimeAboveTheProfile() {
        harness.close();
        harness = new TopologyHarness(TopologyHarness.only("token_replay"));
        harness.register(Events.profile("a1", List.of("repo:read")));
        harness.register(Events.profile("a2", List.of("repo:read")));
        harness.rule("{\"ruleId\": \"token_replay:a1\", \"parameters\": {\"min-addresses\": 3}, \"condition\": {\"agentIds\": [\"a1\"]}}");
        for (String agent : List.of("a1", "a2")) {
            harness.send(Events.tokenUse(agent + "-1", agent, T0, "jti-" + agent, "10.0.0.1"));
            harness.send(Events.tokenUse(agent + "-2", agent, T0.plusSeconds(1), "jti-" + agent, "10.0.0.2"));
        }
        assertThat(harness.alerts()).extracting(Alert::getAgentId).containsExactly("a2");
        harness.send(Events.tokenUse("a1-3", "a1", T0.plusSeconds(2), "jti-a1", "10.0.0.3"));
        assertThat(harness.alerts()).extracting(Alert::getAgentId).containsExactly("a1");
    }
}
