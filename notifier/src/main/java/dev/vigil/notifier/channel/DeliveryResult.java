package dev.vigil.notifier.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * How one attempt went. {@code statusCode} is the receiver's answer where there is one (HTTP status), otherwise
 * {@code null}; {@code retryAfter} is the receiver's own wish for the pause before the next attempt, or {@code null}.
 * A reason is short, human and free of secrets.
 */
public record DeliveryResult(Kind kind, Integer statusCode, String reason, Duration retryAfter) {

    /** Whether the alert arrived, may arrive on another attempt, or never will. */
    public enum Kind { DELIVERED, RETRYABLE, PERMANENT }

    public DeliveryResult {
        Objects.requireNonNull(kind, "kind");
    }

    public static DeliveryResult delivered(Integer statusCode) {
        return new DeliveryResult(Kind.DELIVERED, statusCode, null, null);
    }

    public static DeliveryResult retryable(Integer statusCode, String reason, Duration retryAfter) {
        return new DeliveryResult(Kind.RETRYABLE, statusCode, reason, retryAfter);
    }

    public static DeliveryResult permanent(Integer statusCode, String reason) {
        return new DeliveryResult(Kind.PERMANENT, statusCode, reason, null);
    }
}
