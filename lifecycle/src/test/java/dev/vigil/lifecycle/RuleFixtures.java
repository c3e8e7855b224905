package dev.vigil.lifecycle;

import dev.vigil.avro.RuleCondition;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;

/** Rules and overrides for tests, as JSON and as the records the topic carries. */
public final class RuleFixtures {

    /** A custom rule: big shell writes, summed over 15 minutes. */
    public static final String SHELL_WRITES = """
            {"ruleId": "shell-writes", "name": "Big shell writes", "description": "over 1 MB in 15 minutes",
             "severity": "high", "channels": ["slack-sec"],
             "condition": {"eventTypes": ["tool_call"], "timeWindow": "15m", "threshold": 1000000,
               "where": "event.tool == 'shell'", "aggregate": "sum(bytesWritten)"}}
            """;

    /** A tenant-scoped override of velocity_spike. */
    public static final String VELOCITY_ACME = """
            {"ruleId": "velocity_spike:acme", "parameters": {"ratio": "5"}, "condition": {"tenantIds": ["acme"]}}
            """;

    private RuleFixtures() {
    }

    /** The validated rule or override of {@code json}. */
    public static RuleSpec spec(String json) {
        return RuleJson.read(json);
    }

    /** The record the topic would carry for {@code json}. */
    public static RuleDefinition record(String json) {
        return RuleJson.toRecord(spec(json));
    }

    /** A minimal custom rule with id {@code ruleId}. */
    public static RuleDefinition custom(String ruleId) {
        return record("{\"ruleId\": \"" + ruleId + "\", \"name\": \"Rule " + ruleId + "\", \"condition\": {}}");
    }

    /** A record that decodes but does not validate: its CEL condition compares a string with a number. */
    public static RuleDefinition withCelTypeError(String ruleId) {
        return RuleDefinition.newBuilder().setRuleId(ruleId).setName("Broken")
                .setCondition(RuleCondition.newBuilder().setWhere("event.tool > 3").build())
                .build();
    }
}
