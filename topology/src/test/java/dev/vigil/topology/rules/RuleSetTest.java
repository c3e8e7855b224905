package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.detect.velocity.VelocitySpikeDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule set: where each override sits among the static parameter layers, and which rules an event looks at. */
class RuleSetTest {

    private static final String AGENT = "a1";
    private static final String TENANT = "acme";

    private final DetectionSettings settings = DetectionSettings.defaults()
            .with(VelocitySpikeDetector.RATIO, 4.0)
            .withTenant(TENANT, VelocitySpikeDetector.RATIO, 5.0);

    private double ratio(RuleSet rules, Map<String, String> profileSettings) {
        return settings.parameters().value(VelocitySpikeDetector.RATIO, TENANT, profileSettings, AGENT, rules);
    }

    private static RuleOverride override(String id, String ratio, String condition) {
        return (RuleOverride) RuleJson.read("{\"ruleId\": \"" + id + "\", \"parameters\": {\"ratio\": \"" + ratio + "\"}, "
                + "\"condition\": {" + condition + "}}");
    }

    @Test
    void eachOverrideSitsBetweenTheStaticLayersOfItsScope() {
        Map<String, String> profile = Map.of("velocity_spike.ratio", "6");
        RuleSet none = RuleSet.EMPTY;
        assertThat(ratio(none, Map.of())).isEqualTo(5.0);
        assertThat(ratio(none, profile)).isEqualTo(6.0);

        RuleSet global = none.with(override("velocity_spike", "7", ""));
        assertThat(ratio(global, Map.of())).as("the configured tenant value beats a global override").isEqualTo(5.0);
        assertThat(settings.parameters().value(VelocitySpikeDetector.RATIO, "other", Map.of(), AGENT, global))
                .as("a global override beats the deployment's value").isEqualTo(7.0);

        RuleSet tenant = global.with(override("velocity_spike:acme", "8", "\"tenantIds\": [\"acme\"]"));
        assertThat(ratio(tenant, Map.of())).as("a tenant override beats the configured tenant value").isEqualTo(8.0);
        assertThat(ratio(tenant, profile)).as("the profile beats a tenant override").isEqualTo(6.0);

        RuleSet agent = tenant.with(override("velocity_spike:a1", "9", "\"agentIds\": [\"a1\"]"));
        assertThat(ratio(agent, profile)).as("an agent override beats the profile").isEqualTo(9.0);
        RuleSet otherTenantsAgent = tenant.with(override("velocity_spike:a1", "9", "\"agentIds\": [\"a1\"], \"tenantIds\": [\"x\"]"));
        assertThat(ratio(otherTenantsAgent, profile)).as("an agent override limited to another tenant").isEqualTo(6.0);

        assertThat(ratio(agent.without("velocity_spike:a1"), profile)).isEqualTo(6.0);
    }

    @Test
    void withinOneScopeTheGreaterIdWins() {
        RuleSet rules = RuleSet.EMPTY.with(override("velocity_spike:b", "3", "\"tenantIds\": [\"acme\"]"))
                .with(override("velocity_spike:a", "2", "\"tenantIds\": [\"acme\"]"));
        assertThat(ratio(rules, Map.of())).isEqualTo(3.0);
    }

    @Test
    void anOverridesEnabledFlagTogglesTheBuiltInRule() {
        RuleSet off = RuleSet.EMPTY.with(RuleJson.read("{\"ruleId\": \"velocity_spike\", \"enabled\": false}"));
        assertThat(settings.parameters().value(Parameters.enabled("velocity_spike"), TENANT, Map.of(), AGENT, off)).isFalse();
        assertThat(settings.parameters().value(Parameters.enabled("token_replay"), TENANT, Map.of(), AGENT, off)).isTrue();
    }

    @Test
    void anEventLooksOnlyAtTheRulesFiledUnderItsAgentTenantOrTypeAndNotAtDisabledOnes() {
        RuleSet rules = RuleSet.of(List.of(
                custom("for-a1", "\"agentIds\": [\"a1\"]", true),
                custom("for-a2", "\"agentIds\": [\"a2\"]", true),
                custom("for-tenant", "\"tenantIds\": [\"acme\"]", true),
                custom("for-other-tenant", "\"tenantIds\": [\"other\"]", true),
                custom("receipts", "\"eventTypes\": [\"receipt\"]", true),
                custom("everything", "", true),
                custom("off", "", false)));
        List<String> looked = new ArrayList<>();
        dev.vigil.avro.AgentEvent event = dev.vigil.avro.AgentEvent.newBuilder().setEventId("e").setTenantId(TENANT)
                .setAgentId(AGENT).setOccurredAt(Instant.EPOCH).setOutcome(dev.vigil.avro.Outcome.success).setPayload(dev.vigil.avro.ToolCallPayload.newBuilder()
                        .setTool("x").setCapability(dev.vigil.avro.Capability.read).build()).build();
        rules.forEachCandidate(new EventView(event), r -> looked.add(r.rule().id()));
        assertThat(looked).containsExactly("for-a1", "for-tenant", "everything");
        assertThat(rules.enabledCustomRules()).isEqualTo(6);
    }

    private static CustomRule custom(String id, String condition, boolean enabled) {
        return RuleJson.parse("{\"ruleId\": \"" + id + "\", \"name\": \"" + id + "\", \"enabled\": " + enabled
                + ", \"condition\": {" + condition + "}}");
    }
}
