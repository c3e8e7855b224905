package dev.vigil.lifecycle.command;

import java.util.Map;

/**
 * The change cannot apply to the record as it is (a create under a name or id that exists, ending a silence that is
 * over); the API answers 409 with the message and the details.
 */
public final class ConflictException extends RuntimeException {

    private final Map<String, String> details;

    public ConflictException(String message, Map<String, String> details) {
        super(message, null, false, false);
        this.details = Map.copyOf(details);
    }

    public Map<String, String> details() {
        return details;
    }
}
