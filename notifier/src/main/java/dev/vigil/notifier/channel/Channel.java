package dev.vigil.notifier.channel;

import dev.vigil.avro.Alert;
import java.io.IOException;
import java.util.List;

/**
 * One place alerts go: a terminal, a webhook, later Slack, PagerDuty, Datadog, email. A channel makes exactly one
 * attempt per call and says how it went; it never retries, sleeps, counts or logs. Those live once, in
 * {@link dev.vigil.notifier.delivery.ChannelDelivery}, so every channel gets the same retry rule, the same metrics
 * and the same secret hygiene without repeating them.
 */
public interface Channel {

    /** The kind of channel ({@code console}, {@code webhook}, …): the ledger's {@code channelType} and a metric tag. */
    String type();

    /** Where the channel delivers, safe to log: never a token, a password or a query string. */
    String target();

    /**
     * Literal strings that must never reach a log line, an error or the ledger (a full URL with its token, an API
     * key). The delivery wrapper masks them in every reason it records, as a second line of defence.
     */
    default List<String> secrets() {
        return List.of();
    }

    /**
     * Makes one delivery attempt of {@code alert}. {@code deliveryId} is the receiver's idempotency key: a channel
     * that can pass one on must. An {@link IOException} (timeouts included) means the attempt may be retried.
     */
    DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException;

    /**
     * True for a channel that follows an alert's lifecycle on the receiver's side (PagerDuty acknowledges and
     * resolves its incident); the notifier then calls {@link #sendLifecycle} for acknowledgements and resolutions.
     */
    default boolean followsLifecycle() {
        return false;
    }

    /**
     * Makes one attempt to tell the receiver that an alert was acknowledged or resolved ({@link LifecycleNotice#action()}
     * is {@code ACKNOWLEDGE} or {@code RESOLVE}). Only called when {@link #followsLifecycle()}.
     */
    default DeliveryResult sendLifecycle(LifecycleNotice notice, String deliveryId)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException(type() + " does not follow the alert lifecycle");
    }
}
