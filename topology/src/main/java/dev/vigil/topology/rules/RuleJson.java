package dev.vigil.topology.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Optional;
import java.util.TreeMap;

/**
 * A custom rule as JSON (issue 4), the Avro {@link RuleDefinition} it travels as on {@code vigil.rules.v1}, and
 * the validated {@link CustomRule} the engine runs. JSON is first mapped field by field onto the Avro record (wrong
 * JSON types fail here), then the record is validated into a rule (wrong values fail there), so a record that
 * reaches the topic without the API is checked exactly like a submission. Absent fields take the Avro defaults;
 * unknown fields are ignored. Every failure is an {@link IngestException} naming the field path.
 */
public final class RuleJson {

    /** Strict about trailing content: {@code {...} junk} is not a rule. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RuleJson() {
    }

    /** The custom rule of one JSON object ({@link IngestException} on {@code ruleId} if it overrides a built-in rule). */
    public static CustomRule parse(String json) {
        return fromAvro(toDefinition(json));
    }

    /** The rule or override of one JSON object. */
    public static RuleSpec read(String json) {
        return fromRecord(toDefinition(json));
    }

    /** The Avro record of one JSON object, checked for JSON types only. */
    public static RuleDefinition toDefinition(String json) {
        JsonNode root = object(readTree(json), null);
        RuleDefinition.Builder b = RuleDefinition.newBuilder()
                .setRuleId(requiredText(root, "ruleId", ""))
                .setName(name(root))
                .setDescription(text(root, "description", ""))
                .setChannels(strings(root, "channels", ""));
        boolean override = BuiltInRules.CATALOGUE.targetOf(b.getRuleId()).isPresent();
        JsonNode c = override && root.get("condition") == null ? MAPPER.createObjectNode()
                : object(root.get("condition"), "condition");
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
        return b.setCondition(cb.build()).setParameters(parameters(root)).build();
    }

    /**
     * The validated rule or override of a record from {@code vigil.rules.v1} (or of a submission);
     * {@link IngestException} naming the field.
     */
    public static RuleSpec fromRecord(RuleDefinition d) {
        CustomRule.checkRuleId(d.getRuleId());
        Optional<BuiltInRules.BuiltIn> target = BuiltInRules.CATALOGUE.targetOf(d.getRuleId());
        if (target.isEmpty()) {
            if (!d.getParameters().isEmpty()) {
                throw new IngestException("parameters", "only an override of a built-in rule takes parameters; \""
                        + d.getRuleId() + "\" is not a built-in rule's id (" + builtInIds() + ")");
            }
            return custom(d);
        }
        dev.vigil.avro.RuleCondition c = d.getCondition();
        String unused = c.getWhere() != null ? "where" : c.getAggregate() != null ? "aggregate"
                : !c.getEventTypes().isEmpty() ? "eventTypes" : !c.getScopes().isEmpty() ? "scopes"
                : !"5m".equals(c.getTimeWindow()) ? "timeWindow" : c.getThreshold() != 1 ? "threshold" : null;
        if (unused != null) {
            throw new IngestException("condition." + unused, "an override of the built-in rule "
                    + target.get().rule().id() + " takes only condition.agentIds and condition.tenantIds (its scope) and "
                    + "parameters; a rule of your own needs an id that is not a built-in rule's");
        }
        return new RuleOverride(d.getRuleId(), d.getVersion(), d.getName(), d.getDescription(), d.getEnabled(),
                target.get().rule().id(), new HashSet<>(c.getAgentIds()), new HashSet<>(c.getTenantIds()),
                d.getParameters());
    }

    /** The record to publish for a rule or an override. */
    public static RuleDefinition toRecord(RuleSpec spec) {
        if (spec instanceof CustomRule rule) {
            return toAvro(rule);
        }
        RuleOverride o = (RuleOverride) spec;
        return RuleDefinition.newBuilder()
                .setRuleId(o.ruleId()).setVersion(o.version()).setName(o.name()).setDescription(o.description())
                .setEnabled(o.enabled()).setChannels(List.of()).setParameters(new TreeMap<>(o.parameters()))
                .setCondition(dev.vigil.avro.RuleCondition.newBuilder()
                        .setAgentIds(o.agentIds().stream().sorted().toList())
                        .setTenantIds(o.tenantIds().stream().sorted().toList())
                        .build())
                .build();
    }

    /**
     * The JSON of a rule or override, in the shape {@link #read} accepts (lists sorted, defaults written out), plus
     * {@code "builtIn"} naming the rule an override changes.
     */
    public static ObjectNode toJson(RuleSpec spec) {
        RuleDefinition d = toRecord(spec);
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ruleId", d.getRuleId());
        o.put("version", d.getVersion());
        o.put("name", d.getName());
        if (d.getDescription() != null) {
            o.put("description", d.getDescription());
        }
        o.put("enabled", d.getEnabled());
        dev.vigil.avro.RuleCondition c = d.getCondition();
        ObjectNode cond = MAPPER.createObjectNode();
        strings(cond.putArray("agentIds"), c.getAgentIds());
        strings(cond.putArray("tenantIds"), c.getTenantIds());
        if (spec instanceof CustomRule) {
            o.put("severity", d.getSeverity().name());
            strings(o.putArray("channels"), d.getChannels());
            strings(cond.putArray("eventTypes"), c.getEventTypes());
            strings(cond.putArray("scopes"), c.getScopes());
            cond.put("timeWindow", c.getTimeWindow());
            cond.put("threshold", c.getThreshold());
            if (c.getWhere() != null) {
                cond.put("where", c.getWhere());
            }
            cond.put("aggregate", c.getAggregate());
        }
        o.set("condition", cond);
        if (spec instanceof RuleOverride override) {
            o.put("builtIn", override.builtIn());
            ObjectNode params = o.putObject("parameters");
            override.parameters().forEach(params::put);
        }
        return o;
    }

    private static void strings(com.fasterxml.jackson.databind.node.ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String builtInIds() {
        return "built-in rules: " + String.join(", ",
                BuiltInRules.CATALOGUE.all().stream().map(b -> b.rule().id()).toList());
    }

    private static Map<String, String> parameters(JsonNode root) {
        if (!present(root, "parameters")) {
            return Map.of();
        }
        JsonNode v = root.get("parameters");
        if (!v.isObject()) {
            throw new IngestException("parameters", "must be an object of parameter name to value: " + v);
        }
        Map<String, String> out = new TreeMap<>();
        v.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IngestException("parameters." + e.getKey(), "must be a string, number or boolean: " + value);
            }
            out.put(e.getKey(), value.asText());
        });
        return out;
    }

    /** The validated custom rule of a record; {@link IngestException} naming the field. */
    public static CustomRule fromAvro(RuleDefinition d) {
        if (fromRecord(d) instanceof CustomRule rule) {
            return rule;
        }
        throw new IngestException("ruleId", "\"" + d.getRuleId() + "\" overrides a built-in rule, it is not a custom rule");
    }

    private static CustomRule custom(RuleDefinition d) {
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

    /** Required for a custom rule; an override may leave it out and is named like the rule it changes. */
    private static String name(JsonNode root) {
        String name = text(root, "name", "");
        if (name == null) {
            Optional<BuiltInRules.BuiltIn> target = BuiltInRules.CATALOGUE.targetOf(text(root, "ruleId", ""));
            return target.map(t -> t.rule().name()).orElseThrow(() -> new IngestException("name", "is required"));
        }
        return name;
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
