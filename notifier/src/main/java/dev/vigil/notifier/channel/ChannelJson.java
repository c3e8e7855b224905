package dev.vigil.notifier.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A channel config as JSON (the body of {@code /v1/channels}) and the Avro {@link ChannelConfig} it travels as. This
 * maps JSON types onto the record only; what the values must be is {@link ChannelSpecs#validate}'s to say, so a
 * record that reaches the topic without the API is judged exactly like a submission. Strict: an unknown field (a typo
 * such as {@code "severity"}, which would otherwise silently mean "every severity") is refused. Every failure is a
 * {@link ChannelSettingsException} naming the field.
 *
 * <pre>{@code
 * {"name": "sec-webhook", "type": "webhook", "enabled": true, "severities": ["high", "critical"],
 *  "matchers": {"tenantId": "acme"}, "settings": {"url": "https://hooks.example.com/in", "secret": "whsec_…"},
 *  "groupWait": "30s", "groupInterval": "5m", "repeatInterval": "4h", "rateBudget": "120/1m"}
 * }</pre>
 */
public final class ChannelJson {

    static final List<String> FIELDS = List.of("name", "type", "enabled", "severities", "matchers", "settings",
            "groupWait", "groupInterval", "repeatInterval", "rateBudget");
    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Enum::name).toList();

    private ChannelJson() {
    }

    /** The record of one JSON object; absent fields take the schema's defaults. */
    public static ChannelConfig fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new ChannelSettingsException("(body)", "must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ChannelSettingsException(ChannelSpecs.shorten(name), "is not a field of a channel; "
                        + "allowed: " + String.join(", ", FIELDS));
            }
        }
        ChannelConfig.Builder b = ChannelConfig.newBuilder()
                .setName(requiredText(json, "name"))
                .setType(requiredText(json, "type"))
                .setGroupWait(text(json, "groupWait"))
                .setGroupInterval(text(json, "groupInterval"))
                .setRepeatInterval(text(json, "repeatInterval"))
                .setRateBudget(text(json, "rateBudget"));
        if (present(json, "enabled")) {
            if (!json.get("enabled").isBoolean()) {
                throw new ChannelSettingsException("enabled", "must be true or false");
            }
            b.setEnabled(json.get("enabled").booleanValue());
        }
        b.setSeverities(severities(json));
        b.setMatchers(map(json, "matchers", false));
        b.setSettings(map(json, "settings", true));
        return b.build();
    }

    /** The JSON of a record, every field written out (null durations as null), maps in key order. */
    public static ObjectNode toJson(ChannelConfig config) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", config.getName());
        o.put("type", config.getType());
        o.put("enabled", config.getEnabled());
        ArrayNode severities = o.putArray("severities");
        config.getSeverities().forEach(s -> severities.add(s.name()));
        ObjectNode matchers = o.putObject("matchers");
        new TreeMap<>(config.getMatchers()).forEach(matchers::put);
        ObjectNode settings = o.putObject("settings");
        new TreeMap<>(config.getSettings()).forEach(settings::put);
        o.put("groupWait", config.getGroupWait());
        o.put("groupInterval", config.getGroupInterval());
        o.put("repeatInterval", config.getRepeatInterval());
        o.put("rateBudget", config.getRateBudget());
        return o;
    }

    private static boolean present(JsonNode json, String field) {
        return json.get(field) != null && !json.get(field).isNull();
    }

    private static String requiredText(JsonNode json, String field) {
        String text = text(json, field);
        if (text == null) {
            throw new ChannelSettingsException(field, "is required");
        }
        return text;
    }

    private static String text(JsonNode json, String field) {
        if (!present(json, field)) {
            return null;
        }
        if (!json.get(field).isTextual()) {
            throw new ChannelSettingsException(field, "must be a string");
        }
        return json.get(field).textValue();
    }

    private static List<Severity> severities(JsonNode json) {
        if (!present(json, "severities")) {
            return List.of();
        }
        JsonNode array = json.get("severities");
        if (!array.isArray()) {
            throw new ChannelSettingsException("severities", "must be a list of " + String.join(", ", SEVERITIES));
        }
        List<Severity> severities = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode s = array.get(i);
            if (!s.isTextual() || !SEVERITIES.contains(s.textValue())) {
                throw new ChannelSettingsException("severities[" + i + "]", "must be one of " + String.join(", ", SEVERITIES));
            }
            severities.add(Severity.valueOf(s.textValue()));
        }
        return severities;
    }

    /**
     * An object of strings; with {@code scalars}, numbers and booleans are taken as their text ({@code "port": 587}).
     * A bad value is named but never shown: settings hold secrets.
     */
    private static Map<String, String> map(JsonNode json, String field, boolean scalars) {
        if (!present(json, field)) {
            return Map.of();
        }
        JsonNode object = json.get(field);
        if (!object.isObject()) {
            throw new ChannelSettingsException(field, "must be an object of names to " + (scalars ? "values" : "strings"));
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            boolean ok = value.isTextual() || scalars && (value.isNumber() || value.isBoolean());
            if (!ok) {
                throw new ChannelSettingsException(field + "." + ChannelSpecs.shorten(e.getKey()),
                        scalars ? "must be a string, number or boolean" : "must be a string");
            }
            out.put(e.getKey(), value.asText());
        }
        return out;
    }
}
