package dev.vigil.topology.rules;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.ingest.IngestException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user's detection rule as read from {@code vigil.rules.v1} or the API: who owns the alerts it raises
 * ({@code ruleId}, {@code version}, {@code channels}) and when it fires ({@link RuleCondition}). Immutable and
 * valid by construction: a rule that exists has a compiled, type-checked condition.
 *
 * @param version  increases with every change, so an alert names the rule text that raised it
 * @param channels where its alerts are routed, in order; empty means the notifier's default routing
 */
public record CustomRule(String ruleId, int version, String name, String description, Severity severity,
                         boolean enabled, List<String> channels, RuleCondition condition) implements RuleSpec {

    /** Also a Kafka key and a URL path segment, so no spaces, slashes or other surprises. */
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    public CustomRule {
        checkRuleId(ruleId);
        if (BuiltInRules.CATALOGUE.targetOf(ruleId).isPresent()) {
            throw new IllegalArgumentException("\"" + ruleId + "\" names a built-in rule: that is a RuleOverride");
        }
        if (version < 1) {
            throw new IngestException("version", "must be at least 1: " + version);
        }
        if (name == null || name.isBlank()) {
            throw new IngestException("name", "is required and must not be blank");
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(condition, "condition");
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i) == null || channels.get(i).isBlank()) {
                throw new IngestException("channels[" + i + "]", "must be a channel name, not blank");
            }
        }
        channels = List.copyOf(channels);
    }

    /** {@link IngestException} on {@code ruleId} unless it is a valid rule id (of a custom rule or an override). */
    static void checkRuleId(String ruleId) {
        if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
            throw new IngestException("ruleId",
                    "must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit: " + show(ruleId));
        }
    }

    /** True when the rule is on and the event passes its condition (before aggregation). */
    public boolean matches(AgentEvent event) {
        return enabled && condition.matches(event);
    }

    private static String show(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }
}
