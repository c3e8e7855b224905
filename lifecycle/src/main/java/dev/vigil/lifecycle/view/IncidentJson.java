package dev.vigil.lifecycle.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Severity;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Incident} as JSON: the shape the HTTP API answers and the bytes of the incident view store (readable
 * with any JSON tool in the changelog topic; a change here is a change of stored state and must keep reading what
 * the previous version wrote).
 *
 * <pre>{@code
 * {"incidentId", "tenantId", "agentId", "status": "open|investigating|contained|closed",
 *  "severity": "low|medium|high|critical", "alertCount", "firstAlertAt", "lastAlertAt", "updatedAt",
 *  "alertIds": ["newest 100, oldest first"],
 *  "notes": [{"eventId", "actor", "at", "status": "the status it moved to, or null", "note": "or null"}]}
 * }</pre>
 */
public final class IncidentJson {

    private IncidentJson() {
    }

    /** The incident as a JSON tree; {@code withDetail = false} leaves out the alertIds and notes (lists). */
    public static ObjectNode toNode(Incident incident, boolean withDetail) {
        ObjectNode node = AlertViewJson.MAPPER.createObjectNode();
        node.put("incidentId", incident.incidentId());
        node.put("tenantId", incident.tenantId());
        node.put("agentId", incident.agentId());
        node.put("status", incident.status().wireName());
        node.put("severity", incident.severity().name());
        node.put("alertCount", incident.alertCount());
        node.put("firstAlertAt", timestamp(incident.firstAlertAt()));
        node.put("lastAlertAt", timestamp(incident.lastAlertAt()));
        node.put("updatedAt", timestamp(incident.updatedAt()));
        if (withDetail) {
            ArrayNode ids = node.putArray("alertIds");
            incident.alertIds().forEach(ids::add);
            ArrayNode notes = node.putArray("notes");
            incident.notes().forEach(note -> notes.add(noteNode(note)));
        }
        return node;
    }

    public static byte[] toBytes(Incident incident) {
        try {
            return AlertViewJson.MAPPER.writeValueAsBytes(toNode(incident, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an incident as JSON", e);
        }
    }

    /** The inverse of {@link #toBytes}; {@link IllegalArgumentException} when the bytes are not an incident. */
    public static Incident fromBytes(byte[] bytes) {
        JsonNode node;
        try {
            node = AlertViewJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an incident: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not an incident: not a JSON object");
        }
        List<String> ids = new ArrayList<>();
        node.path("alertIds").forEach(id -> ids.add(id.asText()));
        List<IncidentNote> notes = new ArrayList<>();
        node.path("notes").forEach(n -> notes.add(new IncidentNote(text(n, "eventId"), text(n, "actor"),
                status(text(n, "status")), text(n, "note"), instant(n, "at"))));
        return new Incident(text(node, "incidentId"), text(node, "tenantId"), text(node, "agentId"),
                status(text(node, "status")), Severity.valueOf(text(node, "severity")), node.path("alertCount").asLong(),
                ids, instant(node, "firstAlertAt"), instant(node, "lastAlertAt"), notes, instant(node, "updatedAt"));
    }

    private static ObjectNode noteNode(IncidentNote note) {
        ObjectNode node = AlertViewJson.MAPPER.createObjectNode();
        node.put("eventId", note.eventId());
        node.put("actor", note.actor());
        node.put("at", timestamp(note.at()));
        node.put("status", note.status() == null ? null : note.status().wireName());
        node.put("note", note.note());
        return node;
    }

    private static IncidentStatus status(String name) {
        return name == null ? null : IncidentStatus.fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException("not an incident: bad status " + name));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }
}
