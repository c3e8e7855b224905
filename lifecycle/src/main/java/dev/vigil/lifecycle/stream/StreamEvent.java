package dev.vigil.lifecycle.stream;

import java.util.Objects;

/**
 * One entry of the {@link EventJournal}: its position {@code seq}, its SSE id, its type, the tenant it belongs to
 * (what the tenant filter compares) and its data, the JSON text sent on the stream (written once, when the entry is
 * made, not once per client).
 */
public record StreamEvent(long seq, String id, EventType type, String tenantId, String data) {

    public StreamEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /**
     * An event before the journal has placed it. {@code key} tells a redelivery from a new event (a lifecycle
     * event's eventId; an alert's id, occurrences and lastSeen), so that a record the view reads twice after a
     * restart of its stream thread is streamed once.
     */
    public record Draft(EventType type, String tenantId, String key, String data) {

        public Draft {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(data, "data");
        }
    }
}
