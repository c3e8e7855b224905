package dev.vigil.notifier.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a delivery is retried. The pause after the n-th failed attempt is
 * {@code initialBackoff × 2^(n-1)}, capped at {@code maxBackoff}, then jittered to between half and all of it ("equal
 * jitter"): never zero, so a flapping receiver is not hammered, and spread, so a fleet of notifiers that failed
 * together does not retry together. A receiver's own {@code Retry-After} replaces the computed pause, capped at
 * {@code maxBackoff} so one answer cannot park the notifier for an hour.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** The pause after failed attempt number {@code failedAttempt} (1-based); {@code random} is uniform in [0, 1). */
    public Duration pause(int failedAttempt, Duration retryAfter, double random) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        Duration base = exponential(failedAttempt);
        long nanos = base.toNanos();
        return Duration.ofNanos(nanos / 2 + (long) (random * (nanos - nanos / 2)));
    }

    private Duration exponential(int failedAttempt) {
        Duration pause = initialBackoff;
        for (int i = 1; i < failedAttempt && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }
}
