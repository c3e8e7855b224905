package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleConditionTest {

    static final String SHELL_WRITES = "\"where\": \"event.tool == 'shell' && event.bytesWritten > 1000000\"";

    @Test
    void firesOnAShellCallThatWritesOverOneMegabyte() {
        assertThat(RuleJsonTest.rule(SHELL_WRITES).matches(shell(2_000_000L))).isTrue();
    }

    @Test
    void staysQuietOnSmallWritesAndOtherTools() {
        CustomRule rule = RuleJsonTest.rule(SHELL_WRITES);
        assertThat(rule.matches(shell(1_000_000L))).isFalse();
        assertThat(rule.matches(tool("github", 5_000_000L))).isFalse();
    }

    @Test
    void treatsAMissingFieldAsNoMatch() {
        CustomRule rule = RuleJsonTest.rule(SHELL_WRITES);
        assertThat(rule.matches(shell(null))).isFalse();
        assertThat(rule.matches(receipt())).isFalse();
        assertThat(RuleJsonTest.rule("\"where\": \"event.sourceIp == '10.0.0.1' || event.principalId == 'bob'\"")
                .matches(shell(1L))).isFalse();
    }

    @Test
    void treatsARuntimeErrorAsNoMatch() {
        assertThat(RuleJsonTest.rule("\"where\": \"event.bytesWritten / 0 > 1\"").matches(shell(5L))).isFalse();
    }

    @Test
    void comparesAnIntegerFieldWithADoubleAndTheCostWithAnInteger() {
        // Numbers compare across int and double (CEL's heterogeneous comparisons), so 2 works as well as 2.0.
        assertThat(RuleJsonTest.rule("\"where\": \"event.costUsd > 2\"").matches(receipt())).isTrue();
        assertThat(RuleJsonTest.rule("\"where\": \"event.costUsd > 100\"").matches(receipt())).isFalse();
        assertThat(RuleJsonTest.rule("\"where\": \"event.inputTokens < 10.5\"").matches(receipt())).isTrue();
        assertThat(RuleJsonTest.rule("\"where\": \"event.costUsd * 2.0 > 5\"").matches(receipt())).isTrue();
        assertThat(RuleJsonTest.rule("\"where\": \"double(event.inputTokens) * 0.5 >= 5\"").matches(receipt())).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleJsonTest.rule("\"where\": \"event.costUsd * 2 > 1\""))
                .isInstanceOf(dev.vigil.ingest.IngestException.class);
    }

    @Test
    void seesEnvelopeReceiptAndListFields() {
        assertThat(RuleJsonTest.rule("\"where\": \"event.type == 'receipt' && event.costUsd > 2.5 && event.model == 'gpt-x'"
                + " && event.country == 'DE' && event.outcome == 'success' && event.inputTokens == 10\"").matches(receipt())).isTrue();
        assertThat(RuleJsonTest.rule("\"where\": \"'repo:admin' in event.scopes && event.action == 'token_request'\"")
                .matches(authorization("repo:admin"))).isTrue();
        assertThat(RuleJsonTest.rule("\"where\": \"has(event.sourceIp)\"").matches(shell(1L))).isFalse();
    }

    @Test
    void filtersByAgentTenantTypeAndScope() {
        assertThat(RuleJsonTest.rule("\"agentIds\": [\"a1\"]").matches(shell(1L))).isTrue();
        assertThat(RuleJsonTest.rule("\"agentIds\": [\"a2\"]").matches(shell(1L))).isFalse();
        assertThat(RuleJsonTest.rule("\"tenantIds\": [\"t1\"]").matches(shell(1L))).isTrue();
        assertThat(RuleJsonTest.rule("\"tenantIds\": [\"t2\"]").matches(shell(1L))).isFalse();
        assertThat(RuleJsonTest.rule("\"eventTypes\": [\"tool_call\"]").matches(shell(1L))).isTrue();
        assertThat(RuleJsonTest.rule("\"eventTypes\": [\"receipt\"]").matches(shell(1L))).isFalse();
        assertThat(RuleJsonTest.rule("\"scopes\": [\"repo:admin\"]").matches(authorization("repo:admin"))).isTrue();
        assertThat(RuleJsonTest.rule("\"scopes\": [\"repo:admin\"]").matches(authorization("repo:read"))).isFalse();
        assertThat(RuleJsonTest.rule("\"scopes\": [\"repo:admin\"]").matches(shell(1L))).isFalse();
    }

    @Test
    void aDisabledRuleMatchesNothing() {
        CustomRule on = RuleJsonTest.rule(SHELL_WRITES);
        CustomRule off = new CustomRule(on.ruleId(), on.version(), on.name(), on.description(), on.severity(), false,
                on.channels(), on.condition());
        assertThat(off.matches(shell(2_000_000L))).isFalse();
    }

    static AgentEvent shell(Long bytesWritten) {
        return tool("shell", bytesWritten);
    }

    static AgentEvent tool(String tool, Long bytesWritten) {
        return envelope().setPayload(ToolCallPayload.newBuilder().setTool(tool).setCapability(Capability.write)
                .setBytesWritten(bytesWritten).build()).build();
    }

    static AgentEvent receipt() {
        return envelope().setGeo(Geo.newBuilder().setCountry("DE").build()).setPayload(ReceiptPayload.newBuilder()
                .setReceiptId("rc-1").setProvider("openai").setModel("gpt-x").setInputTokens(10).setOutputTokens(20)
                .setCostUsd(new BigDecimal("3.250000")).build()).build();
    }

    static AgentEvent authorization(String scope) {
        return envelope().setPayload(AuthorizationPayload.newBuilder().setAction(AuthorizationAction.token_request)
                .setScopes(List.of(scope)).build()).build();
    }

    static AgentEvent.Builder envelope() {
        return AgentEvent.newBuilder().setEventId("e-1").setTenantId("t1").setAgentId("a1")
                .setOccurredAt(Instant.parse("2026-03-02T09:00:00Z")).setOutcome(Outcome.success);
    }
}
