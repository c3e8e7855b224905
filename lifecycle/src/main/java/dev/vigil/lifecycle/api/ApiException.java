package dev.vigil.lifecycle.api;

import java.util.Map;

/**
 * A client error, answered as {@code {"error": message, ...details}} with its status. Handlers throw it; one
 * exception handler writes it, so every 4xx has the same shape and no handler builds error bodies itself.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, String> details;

    ApiException(int status, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message, Map.of());
    }

    /**
     * A 400 about one field of the body, in the shape of a rule that does not validate:
     * {@code {"error": "field 'x': reason", "field": "x", "reason": "reason"}}.
     */
    static ApiException badField(String field, String reason) {
        return new ApiException(400, "field '" + field + "': " + reason, Map.of("field", field, "reason", reason));
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message, Map.of());
    }

    int status() {
        return status;
    }

    Map<String, String> details() {
        return details;
    }
}
