package dev.vigil.notifier.redrive;

import java.time.Duration;
import java.util.Objects;

/**
 * What to re-send: the failed deliveries recorded on the ledger within {@code since} of now, only those to
 * {@code channel} and of {@code alertId} when given (null: all), and whether to only list them ({@code dryRun}).
 */
public record RedriveRequest(Duration since, String channel, String alertId, boolean dryRun) {

    public RedriveRequest {
        Objects.requireNonNull(since, "since");
        if (since.isNegative() || since.isZero()) {
            throw new IllegalArgumentException("the window to look back (since) must be longer than zero, was " + since);
        }
    }

    /** True when {@code failed} is within the request's channel and alert. */
    public boolean covers(FailedDelivery failed) {
        return (channel == null || channel.equals(failed.channel())) && (alertId == null || alertId.equals(failed.alertId()));
    }
}
