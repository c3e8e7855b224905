package dev.vigil.lifecycle.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.ingest.AlertJson;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AlertView} as JSON: the shape the HTTP API answers and the bytes of the view store. One format for
 * both keeps a view readable with any JSON tool while it sits in the changelog topic; a change here is therefore
 * a change of stored state too, and must keep reading what the previous version wrote.
 *
 * <pre>{@code
 * {"alertId": "...", "status": "open|acknowledged|resolved",
 *  "acknowledgedAt": "...sssZ", "acknowledgedBy": "...", "resolvedAt": ..., "resolvedBy": ..., "resolution": ...,
 *  "assignee": "...", "note": "the last note", "updatedAt": "...", "alert": {AlertJson},
 *  "history": [{"eventId", "action": "ACKNOWLEDGE", "actor", "note", "resolution", "assignee", "occurredAt"}]}
 * }</pre>
 * The alert inside is DESIGN.md's alert contract, written by {@link AlertJson}. {@code assignee} came later: a stored
 * view without it reads as unassigned.
 */
public final class AlertViewJson {

    /** Exact decimals both ways (the alert's figures), plain notation when written. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private AlertViewJson() {
    }

    /** The view as a JSON tree; {@code withHistory = false} leaves the history out (lists of many views). */
    public static ObjectNode toNode(AlertView view, boolean withHistory) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("alertId", view.alertId());
        node.put("status", view.status().wireName());
        node.put("acknowledgedAt", timestamp(view.acknowledgedAt()));
        node.put("acknowledgedBy", view.acknowledgedBy());
        node.put("resolvedAt", timestamp(view.resolvedAt()));
        node.put("resolvedBy", view.resolvedBy());
        node.put("resolution", view.resolution() == null ? null : view.resolution().name());
        node.put("assignee", view.assignee());
        node.put("note", view.note());
        node.put("updatedAt", timestamp(view.updatedAt()));
        node.set("alert", AlertJson.toNode(view.alert()));
        if (withHistory) {
            ArrayNode history = node.putArray("history");
            view.history().forEach(entry -> history.add(entryNode(entry)));
        }
        return node;
    }

    public static byte[] toBytes(AlertView view) {
        try {
            return MAPPER.writeValueAsBytes(toNode(view, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert view as JSON", e);
        }
    }

    /** The inverse of {@link #toBytes}; {@link IllegalArgumentException} when the bytes are not a view. */
    public static AlertView fromBytes(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an alert view: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not an alert view: not a JSON object");
        }
        return fromNode(node);
    }

    private static AlertView fromNode(JsonNode node) {
        AlertStatus status = AlertStatus.fromWireName(text(node, "status"))
                .orElseThrow(() -> new IllegalArgumentException("not an alert view: bad status " + node.get("status")));
        List<HistoryEntry> history = new ArrayList<>();
        node.path("history").forEach(entry -> history.add(entryFrom(entry)));
        return new AlertView(AlertJson.parse(node.path("alert").toString()), status,
                instant(node, "acknowledgedAt"), text(node, "acknowledgedBy"),
                instant(node, "resolvedAt"), text(node, "resolvedBy"), resolution(node), text(node, "assignee"),
                text(node, "note"), history, instant(node, "updatedAt"));
    }

    private static ObjectNode entryNode(HistoryEntry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", entry.eventId());
        node.put("action", entry.action().name());
        node.put("actor", entry.actor());
        node.put("note", entry.note());
        node.put("resolution", entry.resolution() == null ? null : entry.resolution().name());
        node.put("assignee", entry.assignee());
        node.put("occurredAt", timestamp(entry.occurredAt()));
        return node;
    }

    private static HistoryEntry entryFrom(JsonNode node) {
        return new HistoryEntry(text(node, "eventId"), LifecycleAction.valueOf(text(node, "action")),
                text(node, "actor"), text(node, "note"), resolution(node), text(node, "assignee"),
                instant(node, "occurredAt"));
    }

    private static Resolution resolution(JsonNode node) {
        String name = text(node, "resolution");
        return name == null ? null : Resolution.valueOf(name);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    /** An instant as the API and the store write it: {@code YYYY-MM-DDTHH:MM:SS.sssZ}; null stays null. */
    public static String timestamp(Instant instant) {
        return instant == null ? null : ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }
}
