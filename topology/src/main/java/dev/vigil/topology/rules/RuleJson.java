package dev.vigil.topology.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Durations;
import dev.vigil.ingest.IngestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A custom rule as JSON (issue 4), the Avro {@link RuleDefinition} it travels as on {@code vigil.rules.v1}, and
 * the validated {@link CustomRule} the engine runs. JSON is first mapped field by field onto the Avro record (wrong
 * JSON types fail here), then the record is validated into a rule (wrong values fail there), so a record that
 * reaches the topic without the API is checked exactly like a submission. Absent fields take the Avro defaults;
 * unknown fields are ignored. Every failure is an {@link IngestException} naming the field path.
 */
public final class RuleJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RuleJson() {
    }

    /** The rule of one JSON object. */
    public static CustomRule parse(String json) {
        return fromAvro(toDefinition(json));
    }

    /** The Avro record of one JSON object, checked for JSON types only. */
    public static RuleDefinition toDefinition(String json) {
        JsonNode root = object(readTree(json), null);
        JsonNode c = object(root.get("condition"), "condition");
        RuleDefinition.Builder b = RuleDefinition.newBuilder()
                .setRuleId(requiredText(root, "ruleId", ""))
                .setName(requiredText(root, "name", ""))
                .setDescription(text(root, "description", ""))
                .setChannels(strings(root, "channels", ""));
        if (present(root, "version")) {
            b.setVersion((int) integer(root, "version", "", Integer.MAX_VALUE));
        }
        if (present(root, "severity")) {
            b.setSeverity(severity(text(root, "severity", "")));
        }
        if (present(root, "enabled")) {
            b.setEnabled(bool(root, "enabled"));
        }
        dev.vigil.avro.RuleCondition.Builder cb = dev.vigil.avro.RuleCondition.newBuilder()
                .setAgentIds(strings(c, "agentIds", "condition."))
                .setTenantIds(strings(c, "tenantIds", "condition."))
                .setEventTypes(strings(c, "eventTypes", "condition."))
                .setScopes(strings(c, "scopes", "condition."))
                .setWhere(text(c, "where", "condition."))
                .setAggregate(text(c, "aggregate", "condition."));
        if (present(c, "timeWindow")) {
            cb.setTimeWindow(text(c, "timeWindow", "condition."));
        }
        if (present(c, "threshold")) {
            cb.setThreshold(integer(c, "threshold", "condition.", Long.MAX_VALUE));
        }
        return b.setCondition(cb.build()).build();
    }

    /** The validated rule of a record from {@code vigil.rules.v1}; {@link IngestException} naming the field. */
    public static CustomRule fromAvro(RuleDefinition d) {
        dev.vigil.avro.RuleCondition c = d.getCondition();
        RuleCondition condition = new RuleCondition(new HashSet<>(c.getAgentIds()), new HashSet<>(c.getTenantIds()),
                new HashSet<>(c.getScopes()), new HashSet<>(c.getEventTypes()), window(c.getTimeWindow()),
                c.getThreshold(), c.getWhere(), Aggregate.parse(c.getAggregate()));
        return new CustomRule(d.getRuleId(), d.getVersion(), d.getName(), d.getDescription(), d.getSeverity(),
                d.getEnabled(), d.getChannels(), condition);
    }

    /** The record to publish; {@code fromAvro(toAvro(r))} equals {@code r}. Lists are sorted, so output is stable. */
    public static RuleDefinition toAvro(CustomRule rule) {
        RuleCondition c = rule.condition();
        return RuleDefinition.newBuilder()
                .setRuleId(rule.ruleId()).setVersion(rule.version()).setName(rule.name())
                .setDescription(rule.description()).setSeverity(rule.severity()).setEnabled(rule.enabled())
                .setChannels(rule.channels()).setParameters(Map.of())
                .setCondition(dev.vigil.avro.RuleCondition.newBuilder()
                        .setAgentIds(c.agentIds().stream().sorted().toList())
                        .setTenantIds(c.tenantIds().stream().sorted().toList())
                        .setEventTypes(c.eventTypes().stream().sorted().toList())
                        .setScopes(c.scopes().stream().sorted().toList())
                        .setTimeWindow(windowText(c.timeWindow())).setThreshold(c.threshold())
                        .setWhere(c.where()).setAggregate(c.aggregate().toString()).build())
                .build();
    }

    private static Duration window(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IngestException("condition.timeWindow", e.getMessage());
        }
    }

    /** The shortest of {@code Nd}, {@code Nh}, {@code Nm}, {@code Ns} that is exact, else ISO-8601. */
    static String windowText(Duration d) {
        if (d.getNano() != 0) {
            return d.toString();
        }
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IngestException(null, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode object(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            if (path == null) {
                throw new IngestException(null, "not a JSON object");
            }
            throw new IngestException(path, "is required");
        }
        if (!node.isObject()) {
            throw new IngestException(path, "must be an object");
        }
        return node;
    }

    private static boolean present(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    private static String requiredText(JsonNode node, String name, String prefix) {
        String text = text(node, name, prefix);
        if (text == null) {
            throw new IngestException(prefix + name, "is required");
        }
        return text;
    }

    private static String text(JsonNode node, String name, String prefix) {
        if (!present(node, name)) {
            return null;
        }
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw new IngestException(prefix + name, "must be a string: " + v);
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw new IngestException(name, "must be true or false: " + v);
        }
        return v.booleanValue();
    }

    private static long integer(JsonNode node, String name, String prefix, long max) {
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() > max) {
            throw new IngestException(prefix + name, "must be an integer up to " + max + ": " + v);
        }
        return v.longValue();
    }

    private static List<String> strings(JsonNode node, String name, String prefix) {
        if (!present(node, name)) {
            return List.of();
        }
        JsonNode v = node.get(name);
        if (!v.isArray()) {
            throw new IngestException(prefix + name, "must be a list of strings: " + v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new IngestException(prefix + name + "[" + i + "]", "must be a string: " + v.get(i));
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private static Severity severity(String text) {
        try {
            return Severity.valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IngestException("severity", "must be low, medium, high or critical: \"" + text + "\"");
        }
    }
}
