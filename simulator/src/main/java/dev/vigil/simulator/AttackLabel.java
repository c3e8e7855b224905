package dev.vigil.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The ground truth for one injected attack: the agent whose events carry it, the rule that should fire, and the
 * occurredAt of its first and last event. Evaluation matches alerts against these. The labels file holds one
 * {@link #toJson() JSON object} per line: {@code {"agentId","rule","start","end","description"}}, timestamps
 * as {@code YYYY-MM-DDTHH:MM:SS.sssZ}.
 */
public record AttackLabel(String agentId, String rule, Instant start, Instant end, String description) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AttackLabel {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(description, "description");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("label end " + end + " is before its start " + start);
        }
    }

    /** One line of the labels file, without the line break. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("agentId", agentId);
        node.put("rule", rule);
        node.put("start", ReceiptCanonicalForm.TIMESTAMP.format(start));
        node.put("end", ReceiptCanonicalForm.TIMESTAMP.format(end));
        node.put("description", description);
        return node.toString();
    }

    /** Parses one line of a labels file; {@link IllegalArgumentException} naming the field at fault otherwise. */
    public static AttackLabel fromJson(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("label is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("label is not a JSON object");
        }
        return new AttackLabel(text(node, "agentId"), text(node, "rule"), instant(node, "start"), instant(node, "end"),
                node.hasNonNull("description") ? text(node, "description") : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("label field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("label field '" + field + "' is not an RFC 3339 timestamp: " + value);
        }
    }
}
