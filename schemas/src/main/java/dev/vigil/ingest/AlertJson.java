package dev.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.Severity;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An {@link Alert} as JSON, per DESIGN.md's alert contract: what {@code vigil replay} writes, one object per line,
 * and what the HTTP API embeds. Fields come in the Avro schema's order, timestamps as
 * {@code YYYY-MM-DDTHH:MM:SS.sssZ}, the severity in lower case, absent values as {@code null}, the evidence as an
 * object. {@code observed} and {@code baseline} figures are JSON numbers with their exact decimal text (a figure
 * that is not plain decimal text stays a string), keys sorted. So equal alerts give byte-identical JSON and two
 * replays of the same input give identical files.
 */
public final class AlertJson {

    /** Decimal text that a JSON number reproduces exactly (no sign, exponent or leading zeros to lose). */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,99})(\\.[0-9]{1,100})?");

    private AlertJson() {
    }

    /** One line of JSON, no line break. */
    public static String write(Alert alert) {
        return Json.write(toNode(alert));
    }

    /**
     * The alert as a JSON tree, for embedding in a larger response. Write it with a mapper that writes decimals
     * plainly ({@code StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN}) or use {@link #write}.
     */
    public static ObjectNode toNode(Alert alert) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("alertId", alert.getAlertId());
        node.put("ruleId", alert.getRuleId());
        node.put("ruleVersion", alert.getRuleVersion());
        node.put("ruleName", alert.getRuleName());
        node.put("category", alert.getCategory());
        node.put("severity", alert.getSeverity() == null ? null : alert.getSeverity().name());
        node.put("score", alert.getScore());
        node.put("calibrating", alert.getCalibrating());
        node.put("tenantId", alert.getTenantId());
        node.put("agentId", alert.getAgentId());
        node.put("principalId", alert.getPrincipalId());
        node.put("description", alert.getDescription());
        node.set("observed", figures(alert.getObserved()));
        node.set("baseline", figures(alert.getBaseline()));
        node.put("windowStart", timestamp(alert.getWindowStart()));
        node.put("windowEnd", timestamp(alert.getWindowEnd()));
        node.set("evidence", evidence(alert.getEvidence()));
        node.put("suggestedAction", alert.getSuggestedAction());
        node.put("attack", alert.getAttack());
        node.put("occurrences", alert.getOccurrences());
        node.put("firstSeen", timestamp(alert.getFirstSeen()));
        node.put("lastSeen", timestamp(alert.getLastSeen()));
        node.put("detectedAt", timestamp(alert.getDetectedAt()));
        node.set("channels", strings(alert.getChannels()));
        return node;
    }

    /** The inverse of {@link #write}; {@link IngestException} naming the field when the JSON is not an alert. */
    public static Alert parse(String json) {
        Fields f = Fields.of(Json.parseObject(json));
        return Alert.newBuilder()
                .setAlertId(f.requiredText("alertId"))
                .setRuleId(f.requiredText("ruleId"))
                .setRuleVersion(f.optionalInt("ruleVersion", Integer.MIN_VALUE))
                .setRuleName(f.requiredText("ruleName"))
                .setCategory(f.requiredText("category"))
                .setSeverity(f.requiredEnum("severity", Severity.class))
                .setScore(f.requiredInt("score", Integer.MIN_VALUE))
                .setCalibrating(f.booleanOr("calibrating", false))
                .setTenantId(f.requiredText("tenantId"))
                .setAgentId(f.requiredText("agentId"))
                .setPrincipalId(f.optionalText("principalId"))
                .setDescription(f.requiredText("description"))
                .setObserved(parseFigures(f, "observed"))
                .setBaseline(parseFigures(f, "baseline"))
                .setWindowStart(f.requiredInstant("windowStart"))
                .setWindowEnd(f.requiredInstant("windowEnd"))
                .setEvidence(parseEvidence(f.requiredObject("evidence")))
                .setSuggestedAction(f.requiredText("suggestedAction"))
                .setAttack(f.optionalText("attack"))
                .setOccurrences(f.longOr("occurrences", 1, Long.MIN_VALUE))
                .setFirstSeen(f.requiredInstant("firstSeen"))
                .setLastSeen(f.requiredInstant("lastSeen"))
                .setDetectedAt(f.requiredInstant("detectedAt"))
                .setChannels(f.stringList("channels"))
                .build();
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }

    private static ObjectNode figures(Map<String, String> figures) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (figures != null) {
            new TreeMap<>(figures).forEach((name, text) -> node.set(name, figure(text)));
        }
        return node;
    }

    private static JsonNode figure(String text) {
        if (text != null && PLAIN_DECIMAL.matcher(text).matches()) {
            BigDecimal value = new BigDecimal(text);
            if (value.toPlainString().equals(text)) {
                return DecimalNode.valueOf(value);
            }
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    private static Map<String, String> parseFigures(Fields f, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode object = f.raw(name);
        if (object == null) {
            return out;
        }
        if (!object.isObject()) {
            throw f.error(name, "must be an object of figures: " + Json.show(object));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> figure = it.next();
            JsonNode value = figure.getValue();
            if (value.isNumber()) {
                out.put(figure.getKey(), value.decimalValue().toPlainString());
            } else if (value.isTextual()) {
                out.put(figure.getKey(), value.textValue());
            } else {
                throw f.error(name + "." + figure.getKey(), "must be a number: " + Json.show(value));
            }
        }
        return out;
    }

    private static ObjectNode evidence(Evidence evidence) {
        if (evidence == null) {
            return null;
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("eventIds", strings(evidence.getEventIds()));
        node.put("topic", evidence.getTopic());
        node.put("partition", evidence.getPartition());
        node.put("firstOffset", evidence.getFirstOffset());
        node.put("lastOffset", evidence.getLastOffset());
        return node;
    }

    private static Evidence parseEvidence(Fields f) {
        return Evidence.newBuilder()
                .setEventIds(f.stringList("eventIds"))
                .setTopic(f.optionalText("topic"))
                .setPartition(f.optionalInt("partition", Integer.MIN_VALUE))
                .setFirstOffset(f.optionalLong("firstOffset", Long.MIN_VALUE))
                .setLastOffset(f.optionalLong("lastOffset", Long.MIN_VALUE))
                .build();
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        if (values != null) {
            values.forEach(array::add);
        }
        return array;
    }
}
