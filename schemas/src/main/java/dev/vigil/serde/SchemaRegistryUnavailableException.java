package dev.vigil.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema registry could not be asked (unreachable, timed out, answered 5xx or 429): nothing is known to be
 * wrong with the record. Readers must retry the record later rather than treat it as poison — dead-lettering every
 * event during a registry outage would turn a brief outage into a gap in detection.
 */
public final class SchemaRegistryUnavailableException extends SerializationException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    /** True if {@code failure} or one of its causes says the registry was unavailable. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
