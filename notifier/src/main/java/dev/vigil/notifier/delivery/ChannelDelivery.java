package dev.vigil.notifier.delivery;

import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.SafeUrl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wrapper around a {@link Channel}: the severity filter, bounded attempts with backoff, the metrics, the
 * logging and the ledger records all live here, once, so a channel is only "make one attempt".
 *
 * <p>Every attempt becomes a ledger record: {@code retrying} (with the pause before the next one), then
 * {@code delivered} or {@code failed} with the reason; an alert below the channel's minimum severity becomes one
 * {@code filtered} record with attempt 0, because no attempt was made. Reasons pass through {@link #mask}: the
 * channel's secrets and any URL's query or credentials never reach a log line or the ledger.
 *
 * <p>Metrics: {@code vigil_notifications_total{channel,outcome}} counts final outcomes (delivered, failed, filtered);
 * {@code vigil_notification_latency_seconds{channel,outcome}} times a delivery from its first attempt to its end,
 * backoff pauses included, because that is how late the page is.
 */
public final class ChannelDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDelivery.class);
    private static final String TRIGGER_ALERT = "alert";
    private static final String MASK = "***";

    private final String name;
    private final Channel channel;
    private final Severity minSeverity;
    private final RetryPolicy retry;
    private final DeliveryRuntime runtime;

    public ChannelDelivery(String name, Channel channel, Severity minSeverity, RetryPolicy retry, DeliveryRuntime runtime) {
        this.name = Objects.requireNonNull(name, "name");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    public String name() {
        return name;
    }

    /** Delivers {@code alert} to the channel, retrying as the policy allows; never throws for a failed delivery. */
    public DeliveryReport deliver(Alert alert) {
        String deliveryId = DeliveryId.of(alert, name);
        if (alert.getSeverity().compareTo(minSeverity) < 0) {
            return filtered(alert, deliveryId);
        }
        List<NotificationRecord> ledger = new ArrayList<>();
        long started = runtime.clock().millis();
        try {
            for (int attempt = 1; ; attempt++) {
                Instant at = runtime.clock().instant();
                DeliveryResult result = attempt(alert, deliveryId);
                long latency = runtime.clock().millis() - at.toEpochMilli();
                String reason = mask(result.reason());
                if (result.kind() == DeliveryResult.Kind.DELIVERED) {
                    ledger.add(record(alert, deliveryId, attempt, DeliveryOutcome.delivered, result.statusCode(), null, at, latency));
                    LOG.debug("{}: alert {} delivered to {} (delivery {}, attempt {})", name, alert.getAlertId(), channel.target(), deliveryId, attempt);
                    return finish(ledger, DeliveryOutcome.delivered, started);
                }
                if (result.kind() == DeliveryResult.Kind.PERMANENT || attempt >= retry.maxAttempts()) {
                    String why = result.kind() == DeliveryResult.Kind.PERMANENT ? reason
                            : "gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + ": " + reason;
                    ledger.add(record(alert, deliveryId, attempt, DeliveryOutcome.failed, result.statusCode(), why, at, latency));
                    LOG.warn("{}: alert {} NOT delivered to {} (delivery {}): {}", name, alert.getAlertId(), channel.target(), deliveryId, why);
                    return finish(ledger, DeliveryOutcome.failed, started);
                }
                Duration pause = retry.pause(attempt, result.retryAfter(), runtime.random().getAsDouble());
                String why = reason + "; attempt " + (attempt + 1) + " in " + pause.toMillis() + " ms"
                        + (result.retryAfter() != null ? " (Retry-After)" : "");
                ledger.add(record(alert, deliveryId, attempt, DeliveryOutcome.retrying, result.statusCode(), why, at, latency));
                LOG.info("{}: alert {} to {} failed attempt {} of {}: {}", name, alert.getAlertId(), channel.target(), attempt, retry.maxAttempts(), why);
                if (!runtime.sleeper().sleep(pause)) {
                    return unfinished(alert, ledger);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unfinished(alert, ledger);
        }
    }

    private DeliveryReport filtered(Alert alert, String deliveryId) {
        count(DeliveryOutcome.filtered);
        LOG.debug("{}: alert {} filtered, severity {} below {}", name, alert.getAlertId(), alert.getSeverity(), minSeverity);
        String reason = "severity " + alert.getSeverity() + " is below the channel minimum " + minSeverity;
        return new DeliveryReport(List.of(record(alert, deliveryId, 0, DeliveryOutcome.filtered, null, reason,
                runtime.clock().instant(), null)), true);
    }

    private DeliveryResult attempt(Alert alert, String deliveryId) throws InterruptedException {
        try {
            return channel.send(alert, deliveryId);
        } catch (IOException e) {
            return DeliveryResult.retryable(null, describe(e), null);
        } catch (RuntimeException e) {
            return DeliveryResult.permanent(null, "channel error " + describe(e));
        }
    }

    private DeliveryReport finish(List<NotificationRecord> ledger, DeliveryOutcome outcome, long started) {
        count(outcome);
        Timer.builder("vigil.notification.latency")
                .description("Time from the first delivery attempt to the final outcome, backoff included.")
                .tag("channel", name).tag("outcome", outcome.name())
                .publishPercentileHistogram()
                .register(runtime.registry())
                .record(Duration.ofMillis(Math.max(0, runtime.clock().millis() - started)));
        return new DeliveryReport(ledger, true);
    }

    private DeliveryReport unfinished(Alert alert, List<NotificationRecord> ledger) {
        LOG.info("{}: stopping; alert {} not yet delivered, it will be retried after the next start", name, alert.getAlertId());
        return new DeliveryReport(ledger, false);
    }

    private void count(DeliveryOutcome outcome) {
        Counter.builder("vigil.notifications")
                .description("Notifications by channel and final outcome.")
                .tag("channel", name).tag("outcome", outcome.name())
                .register(runtime.registry())
                .increment();
    }

    private NotificationRecord record(Alert alert, String deliveryId, int attempt, DeliveryOutcome outcome, Integer status,
                                      String reason, Instant at, Long latencyMs) {
        return NotificationRecord.newBuilder()
                .setDeliveryId(deliveryId)
                .setAlertId(alert.getAlertId())
                .setChannel(name)
                .setChannelType(channel.type())
                .setTrigger(TRIGGER_ALERT)
                .setAttempt(attempt)
                .setOutcome(outcome)
                .setStatusCode(status)
                .setReason(reason)
                .setTenantId(alert.getTenantId())
                .setAgentId(alert.getAgentId())
                .setRuleId(alert.getRuleId())
                .setSeverity(alert.getSeverity())
                .setAttemptedAt(at)
                .setLatencyMs(latencyMs)
                .build();
    }

    /**
     * {@code reason} without the channel's secrets (longest first, so a full URL is masked whole before its parts)
     * and without any URL's query or credentials.
     */
    private String mask(String reason) {
        if (reason == null) {
            return null;
        }
        String masked = reason;
        List<String> longestFirst = channel.secrets().stream().filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : longestFirst) {
            masked = masked.replace(secret, MASK);
        }
        return SafeUrl.redactUrlsIn(masked);
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? type : type + ": " + e.getMessage();
    }
}
