package dev.vigil.lifecycle.view;

import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One applied update of an incident: who made it and when, the status it moved the incident to (null for a note
 * alone) and its note (null for a status change without one). The eventId tells a redelivered event from a new one.
 */
public record IncidentNote(String eventId, String actor, IncidentStatus status, String note, Instant at) {

    public IncidentNote {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }

    static IncidentNote of(AlertLifecycleEvent event, IncidentStatus status) {
        return new IncidentNote(event.getEventId(), event.getActor(), status, event.getNote(), event.getOccurredAt());
    }
}
