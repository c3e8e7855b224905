package dev.vigil.lifecycle.view;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import java.time.Instant;
import java.util.Objects;

/**
 * One applied lifecycle event in an alert's history: what was done, by whom, when, and why; {@code resolution} for a
 * resolve, {@code assignee} for an assign, null otherwise.
 */
public record HistoryEntry(String eventId, LifecycleAction action, String actor, String note, Resolution resolution,
                           String assignee, Instant occurredAt) {

    public HistoryEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    static HistoryEntry of(AlertLifecycleEvent event) {
        return new HistoryEntry(event.getEventId(), event.getAction(), event.getActor(), event.getNote(),
                event.getResolution(), event.getAssignee(), event.getOccurredAt());
    }
}
