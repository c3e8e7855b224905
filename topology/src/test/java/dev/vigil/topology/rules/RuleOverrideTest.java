package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.IngestException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleOverrideTest {

    @Test
    void aBuiltInRuleIdIsAnOverrideNamedLikeItsRule() {
        RuleSpec spec = RuleJson.read("{\"ruleId\": \"velocity_spike\", \"enabled\": false}");
        assertThat(spec).isInstanceOfSatisfying(RuleOverride.class, o -> {
            assertThat(o.builtIn()).isEqualTo("velocity_spike");
            assertThat(o.enabled()).isFalse();
            assertThat(o.scope()).isEqualTo(RuleOverride.Scope.GLOBAL);
            assertThat(o.name()).isEqualTo(BuiltInRules.CATALOGUE.find("velocity_spike").orElseThrow().rule().name());
        });
    }

    @Test
    void aSuffixedIdScopesParametersToTenantsOrAgents() {
        RuleOverride tenant = (RuleOverride) RuleJson.read("{\"ruleId\": \"velocity_spike:acme\", \"parameters\": "
                + "{\"ratio\": 5, \"min-volume\": \"40\"}, \"condition\": {\"tenantIds\": [\"acme\"]}}");
        assertThat(tenant.builtIn()).isEqualTo("velocity_spike");
        assertThat(tenant.scope()).isEqualTo(RuleOverride.Scope.TENANT);
        assertThat(tenant.parameters()).containsEntry("ratio", "5");
        assertThat(tenant.values()).hasSize(2);
        RuleOverride agent = (RuleOverride) RuleJson.read("{\"ruleId\": \"token_replay:bot\", "
                + "\"condition\": {\"agentIds\": [\"bot-1\"], \"tenantIds\": [\"acme\"]}}");
        assertThat(agent.scope()).isEqualTo(RuleOverride.Scope.AGENT);
        assertThat(agent.agentIds()).isEqualTo(Set.of("bot-1"));
    }

    @Test
    void roundTripsThroughTheRecordAndJson() {
        RuleSpec spec = RuleJson.read("{\"ruleId\": \"velocity_spike:acme\", \"version\": 3, \"parameters\": {\"ratio\": \"5\"},"
                + " \"condition\": {\"tenantIds\": [\"b\", \"a\"]}}");
        assertThat(RuleJson.fromRecord(RuleJson.toRecord(spec))).isEqualTo(spec);
        assertThat(RuleJson.read(RuleJson.toJson(spec).toString())).isEqualTo(spec);
        assertThat(RuleJson.toJson(spec).get("builtIn").asText()).isEqualTo("velocity_spike");
        CustomRule custom = RuleJson.parse("{\"ruleId\": \"mine\", \"name\": \"Mine\", \"channels\": [\"ops\"], \"condition\": "
                + "{\"where\": \"event.tool == 'shell'\", \"aggregate\": \"distinct(sourceIp)\", \"threshold\": 3}}");
        assertThat(RuleJson.read(RuleJson.toJson(custom).toString())).isEqualTo(custom);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"ruleId\": \"velocity_spike\", \"parameters\": {\"speed\": \"5\"}}|parameters.speed|not a parameter of velocity_spike",
            "{\"ruleId\": \"velocity_spike\", \"parameters\": {\"ratio\": \"fast\"}}|parameters.ratio|must be a number",
            "{\"ruleId\": \"velocity_spike\", \"parameters\": {\"ratio\": [1]}}|parameters.ratio|string, number or boolean",
            "{\"ruleId\": \"velocity_spike\", \"parameters\": 5}|parameters|must be an object",
            "{\"ruleId\": \"velocity_spike:x\", \"condition\": {\"where\": \"true\"}}|condition.where|takes only condition.agentIds",
            "{\"ruleId\": \"velocity_spike\", \"condition\": {\"threshold\": 9}}|condition.threshold|takes only",
            "{\"ruleId\": \"mine\", \"name\": \"M\", \"condition\": {}, \"parameters\": {\"ratio\": \"5\"}}|parameters|only an override",
            "{\"ruleId\": \"mine\"}|name|is required",
    })
    void namesTheFieldAndTheReason(String json, String field, String reason) {
        assertThatThrownBy(() -> RuleJson.read(json)).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void trailingContentAfterTheObjectIsRefused() {
        assertThatThrownBy(() -> RuleJson.read("{\"ruleId\": \"velocity_spike\"} {\"ruleId\": \"x\"}"))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.reason()).startsWith("not JSON"));
    }

    @Test
    void parseRefusesAnOverrideWhereACustomRuleIsExpected() {
        assertThatThrownBy(() -> RuleJson.parse("{\"ruleId\": \"velocity_spike\"}"))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("ruleId"));
        assertThat(BuiltInRules.CATALOGUE.targetOf("velocity_spike_mine")).isEmpty();
        assertThat(BuiltInRules.CATALOGUE.all()).hasSize(23);
    }
}
