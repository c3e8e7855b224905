package dev.vigil.lifecycle.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.ingest.AlertJson;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.time.Instant;
import java.util.Optional;

/**
 * The data of the stream's events, one JSON object each:
 *
 * <pre>{@code
 * anomaly.*: {"type", "time": detectedAt, "tenantId", "agentId", "alertId", "alert": {the alert contract}}
 * alert.*, agent.*: {"type", "time": occurredAt, "tenantId", "agentId", "alertId" (null for agent commands),
 *                    "eventId", "ruleId", "actor", "note", "resolution", "assignee"}
 * incident.updated: as alert.* (alertId null), plus "incidentId" and "incidentStatus" (the status it moved to,
 *                   null for a note alone)
 * stream.gap: {"type", "time", "lastEventId", "reason"}
 * }</pre>
 *
 * An alert is {@code anomaly.detected} on its first emission and {@code anomaly.updated} on a re-emission of the
 * open alert. The topology opens an alert with one occurrence and folds each repeat into it before re-emitting, so
 * {@code occurrences > 1} is exactly a re-emission; no state is needed to tell them apart.
 */
public final class StreamEvents {

    /** Writes the alert's exact figures in plain notation, as the rest of the API does. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private StreamEvents() {
    }

    public static StreamEvent.Draft of(Alert alert) {
        EventType type = alert.getOccurrences() > 1 ? EventType.ANOMALY_UPDATED : EventType.ANOMALY_DETECTED;
        ObjectNode data = header(type, alert.getDetectedAt(), alert.getTenantId(), alert.getAgentId(),
                alert.getAlertId());
        data.set("alert", AlertJson.toNode(alert));
        String key = "alert/" + alert.getAlertId() + "/" + alert.getOccurrences() + "/" + alert.getLastSeen().toEpochMilli();
        return new StreamEvent.Draft(type, alert.getTenantId(), key, write(data));
    }

    /** Empty for an action this version does not know ({@code UNKNOWN}). */
    public static Optional<StreamEvent.Draft> of(AlertLifecycleEvent event) {
        return EventType.of(event.getAction()).map(type -> {
            ObjectNode data = header(type, event.getOccurredAt(), event.getTenantId(), event.getAgentId(),
                    event.getAlertId());
            data.put("eventId", event.getEventId());
            data.put("ruleId", event.getRuleId());
            data.put("actor", event.getActor());
            data.put("note", event.getNote());
            data.put("resolution", event.getResolution() == null ? null : event.getResolution().name());
            data.put("assignee", event.getAssignee());
            if (type == EventType.INCIDENT_UPDATED) {
                data.put("incidentId", event.getIncidentId());
                data.put("incidentStatus", event.getIncidentStatus());
            }
            return new StreamEvent.Draft(type, event.getTenantId(), "event/" + event.getEventId(), write(data));
        });
    }

    public static String gap(EventJournal.Gap gap, String lastEventId, Instant now) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("type", EventType.GAP);
        data.put("time", ReceiptCanonicalForm.TIMESTAMP.format(now));
        data.put("lastEventId", lastEventId);
        data.put("reason", gap.reason() + "; the whole journal follows");
        return write(data);
    }

    private static ObjectNode header(EventType type, Instant time, String tenantId, String agentId, String alertId) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("type", type.wireName());
        data.put("time", ReceiptCanonicalForm.TIMESTAMP.format(time));
        data.put("tenantId", tenantId);
        data.put("agentId", agentId);
        data.put("alertId", alertId);
        return data;
    }

    private static String write(ObjectNode data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream event as JSON", e);
        }
    }
}
