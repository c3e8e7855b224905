package dev.vigil.topology.ingest;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Instant;

/**
 * The contract checks the Avro schema cannot express: ids that must not be blank (every event is routed and
 * de-duplicated by them) and times before 1970, which Kafka cannot carry as a record timestamp.
 */
public final class Validation {

    private Validation() {
    }

    public static void agentEvent(AgentEvent event) {
        if (event == null) {
            throw new InvalidRecordException("the value decoded to nothing");
        }
        requireText("eventId", event.getEventId());
        requireText("agentId", event.getAgentId());
        requireText("tenantId", event.getTenantId());
        requireTime("occurredAt", event.getOccurredAt());
        if (event.getPayload() == null) {
            throw new InvalidRecordException("payload is missing");
        }
    }

    public static void lifecycleEvent(AlertLifecycleEvent event) {
        if (event == null) {
            throw new InvalidRecordException("the value decoded to nothing");
        }
        requireText("eventId", event.getEventId());
        requireText("agentId", event.getAgentId());
        requireTime("occurredAt", event.getOccurredAt());
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is missing or blank");
        }
    }

    private static void requireTime(String field, Instant value) {
        if (value == null || value.toEpochMilli() < 0) {
            throw new InvalidRecordException(field + " is missing or before 1970-01-01 (" + value + ")");
        }
    }
}
