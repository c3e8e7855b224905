package dev.vigil.lifecycle.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An alert's timeline for {@code GET /v1/alerts/{id}}: its detection, every lifecycle event the view holds, and every
 * delivery the ledger view holds, in one list sorted by {@code at} (ties keep that order: detection, then people's
 * actions as applied, then deliveries in ledger order). Each entry has a {@code type}:
 *
 * <pre>{@code
 * {"type": "detection", "at": firstSeen, "firstSeen", "detectedAt", "lastSeen", "occurrences"}
 * {"type": "lifecycle", "at": occurredAt, "eventId", "action", "actor", "note", "resolution", "assignee"}
 * {"type": "notification", "at": attemptedAt, "channel", "status", "attempt", "trigger", "detail"}
 * }</pre>
 * The detection is placed at {@code firstSeen}, when the alert began; {@code detectedAt} is the event time of the
 * latest triggering event, which moves forward as repeats are folded in. Times are event times for the detection and
 * wall-clock times for people's actions and deliveries, so a replayed backlog can show a detection after an action.
 */
public final class AlertTimeline {

    private record Stamped(Instant at, ObjectNode node) {
    }

    private AlertTimeline() {
    }

    public static ArrayNode of(AlertView view, List<NotificationEntry> notifications) {
        List<Stamped> entries = new ArrayList<>();
        entries.add(detection(view.alert()));
        view.history().forEach(h -> entries.add(lifecycle(h)));
        notifications.forEach(n -> entries.add(notification(n)));
        entries.sort(Comparator.comparing(Stamped::at));
        ArrayNode timeline = AlertViewJson.MAPPER.createArrayNode();
        entries.forEach(e -> timeline.add(e.node()));
        return timeline;
    }

    private static Stamped detection(Alert alert) {
        ObjectNode node = entry("detection", alert.getFirstSeen())
                .put("firstSeen", AlertViewJson.timestamp(alert.getFirstSeen()))
                .put("detectedAt", AlertViewJson.timestamp(alert.getDetectedAt()))
                .put("lastSeen", AlertViewJson.timestamp(alert.getLastSeen()))
                .put("occurrences", alert.getOccurrences());
        return new Stamped(alert.getFirstSeen(), node);
    }

    private static Stamped lifecycle(HistoryEntry h) {
        ObjectNode node = entry("lifecycle", h.occurredAt())
                .put("eventId", h.eventId())
                .put("action", h.action().name())
                .put("actor", h.actor())
                .put("note", h.note())
                .put("resolution", h.resolution() == null ? null : h.resolution().name())
                .put("assignee", h.assignee());
        return new Stamped(h.occurredAt(), node);
    }

    private static Stamped notification(NotificationEntry n) {
        ObjectNode node = entry("notification", n.at())
                .put("channel", n.channel())
                .put("status", n.status())
                .put("attempt", n.attempt())
                .put("trigger", n.trigger())
                .put("detail", n.detail());
        return new Stamped(n.at(), node);
    }

    private static ObjectNode entry(String type, Instant at) {
        return AlertViewJson.MAPPER.createObjectNode().put("type", type).put("at", AlertViewJson.timestamp(at));
    }
}
