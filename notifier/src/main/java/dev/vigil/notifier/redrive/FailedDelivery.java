package dev.vigil.notifier.redrive;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification of one alert to one channel whose last word on the ledger is {@code failed}: its idempotency key,
 * when the failure was recorded and why.
 */
public record FailedDelivery(String alertId, String channel, String deliveryId, Instant failedAt, String reason) {

    public FailedDelivery {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
