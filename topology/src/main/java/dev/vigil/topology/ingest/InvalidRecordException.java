package dev.vigil.topology.ingest;

/**
 * A record that deserialized but breaks the contract (a blank id, an impossible time). Thrown by validators
 * and caught by {@link RecordDecoder}, so it never escapes a processor: the record goes to the DLQ instead.
 */
public final class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message, null, false, false);
    }
}
