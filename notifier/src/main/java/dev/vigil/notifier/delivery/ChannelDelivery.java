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
import dev.vigil.notifier.channel.LifecycleNotice;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
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
    private final Set<Severity> severities;
    private final RetryPolicy retry;
    private final DeliveryRuntime runtime;

    /** A channel for the alerts of {@code minSeverity} and above. */
    public ChannelDelivery(String name, Channel channel, Severity minSeverity, RetryPolicy retry, DeliveryRuntime runtime) {
        this(name, channel, atLeast(minSeverity), retry, runtime);
    }

    /** A channel for the alerts of these severities (empty: every severity). */
    public ChannelDelivery(String name, Channel channel, Set<Severity> severities, RetryPolicy retry, DeliveryRuntime runtime) {
        this.name = Objects.requireNonNull(name, "name");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.severities = severities.isEmpty() ? EnumSet.allOf(Severity.class) : EnumSet.copyOf(severities);
        this.retry = Objects.requireNonNull(retry, "retry");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    private static Set<Severity> atLeast(Severity min) {
        Objects.requireNonNull(min, "minSeverity");
        EnumSet<Severity> set = EnumSet.noneOf(Severity.class);
        for (Severity s : Severity.values()) {
            if (s.compareTo(min) >= 0) {
                set.add(s);
            }
        }
        return set;
    }

    public Channel channel() {
        return channel;
    }

    /** True when the channel takes alerts of this severity. */
    public boolean accepts(Severity severity) {
        return severities.contains(severity);
    }

    public String name() {
        return name;
    }

    /** Delivers {@code alert} to the channel, retrying as the policy allows; never throws for a failed delivery. */
    public DeliveryReport deliver(Alert alert) {
        String deliveryId = DeliveryId.of(alert, name);
        if (!severities.contains(alert.getSeverity())) {
            return filtered(alert, deliveryId);
        }
        return attempts(deliveryId, TRIGGER_ALERT, alert.getAlertId(), facts(alert), id -> channel.send(alert, id));
    }

    /**
     * Passes an acknowledgement or resolution on to a channel that {@link Channel#followsLifecycle() follows the
     * lifecycle}, with the same retries, ledger records (trigger {@code acknowledge} or {@code resolve}) and metrics
     * as an alert. Its idempotency key is per (lifecycle event, channel).
     */
    public DeliveryReport deliverLifecycle(LifecycleNotice notice) {
        String deliveryId = DeliveryId.ofEvent(notice.event().getEventId(), name);
        String trigger = notice.action().name().toLowerCase(java.util.Locale.ROOT);
        return attempts(deliveryId, trigger, notice.alertId(), facts(notice), id -> channel.sendLifecycle(notice, id));
    }

    /**
     * Sends several alerts as one notification ({@link dev.vigil.notifier.dispatch.AlertGroups#summary}): the ledger
     * holds the attempts under the summary's id, and one record per member under its own id — with the summary's
     * outcome for a group, or {@code suppressed} ("rolled into digest …") for a digest, so every alert's trace says
     * where it went.
     */
    public DeliveryReport deliverGroup(List<Alert> alerts, boolean digest) {
        Alert summary = dev.vigil.notifier.dispatch.AlertGroups.summary(alerts, digest);
        DeliveryReport report = attempts(DeliveryId.of(summary, name), digest ? "digest" : "group", summary.getAlertId(),
                facts(summary), id -> channel.send(summary, id));
        if (!report.finished()) {
            return report;
        }
        NotificationRecord last = report.ledger().get(report.ledger().size() - 1);
        List<NotificationRecord> ledger = new ArrayList<>(report.ledger());
        String how = (digest ? "rolled into digest " : "sent in group ") + summary.getAlertId() + " of " + alerts.size()
                + " alerts" + (last.getOutcome() == DeliveryOutcome.delivered ? "" : ", which failed: " + last.getReason());
        DeliveryOutcome outcome = digest ? DeliveryOutcome.suppressed : last.getOutcome();
        for (Alert member : alerts) {
            ledger.add(record(DeliveryId.of(member, name), digest ? "digest" : "group", member.getAlertId(), facts(member),
                    0, outcome, null, how, last.getAttemptedAt(), null));
        }
        if (digest) {
            Counter.builder("vigil.notifications.digested").description("Alerts sent in a digest because of a rate budget")
                    .tag("channel", name).register(runtime.registry()).increment(alerts.size());
        }
        return new DeliveryReport(ledger, true);
    }

    /** One {@code suppressed} ledger record: a repeat within the channel's repeat interval, not sent. */
    public DeliveryReport suppressed(Alert alert, String reason) {
        count(DeliveryOutcome.suppressed);
        return new DeliveryReport(List.of(record(DeliveryId.of(alert, name), TRIGGER_ALERT, alert.getAlertId(), facts(alert),
                0, DeliveryOutcome.suppressed, null, reason, runtime.clock().instant(), null)), true);
    }

    /** One {@code silenced} ledger record: the alert was for this channel, and a silence held it back. */
    public DeliveryReport silenced(Alert alert, String reason) {
        count(DeliveryOutcome.silenced);
        LOG.debug("{}: alert {} silenced: {}", name, alert.getAlertId(), reason);
        return new DeliveryReport(List.of(record(DeliveryId.of(alert, name), TRIGGER_ALERT, alert.getAlertId(), facts(alert),
                0, DeliveryOutcome.silenced, null, reason, runtime.clock().instant(), null)), true);
    }

    /** One {@code failed} ledger record without an attempt, e.g. an alert routed to a channel that does not exist. */
    public static NotificationRecord notAttempted(Alert alert, String channelName, String reason, java.time.Instant at) {
        return record(channelName, "unknown", DeliveryId.of(alert, channelName), TRIGGER_ALERT, alert.getAlertId(),
                facts(alert), 0, DeliveryOutcome.failed, null, reason, at, null);
    }

    /** What a ledger record says about the alert a delivery is for. */
    private record Facts(String tenantId, String agentId, String ruleId, Severity severity) {
    }

    private static Facts facts(Alert alert) {
        return new Facts(alert.getTenantId(), alert.getAgentId(), alert.getRuleId(), alert.getSeverity());
    }

    /** The alert's figures when the notifier routed it since it started; else the event's, severity {@code low}. */
    private static Facts facts(LifecycleNotice notice) {
        if (notice.alert() != null) {
            return facts(notice.alert());
        }
        String rule = notice.event().getRuleId() == null ? "unknown" : notice.event().getRuleId();
        return new Facts(notice.event().getTenantId(), notice.event().getAgentId(), rule, Severity.low);
    }

    /** One attempt of a channel. */
    private interface Attempt {
        DeliveryResult make(String deliveryId) throws IOException, InterruptedException;
    }

    private DeliveryReport attempts(String deliveryId, String trigger, String alertId, Facts facts, Attempt attempt) {
        List<NotificationRecord> ledger = new ArrayList<>();
        long started = runtime.clock().millis();
        try {
            for (int n = 1; ; n++) {
                Instant at = runtime.clock().instant();
                DeliveryResult result = attempt(attempt, deliveryId);
                long latency = runtime.clock().millis() - at.toEpochMilli();
                String reason = mask(result.reason());
                if (result.kind() == DeliveryResult.Kind.DELIVERED) {
                    ledger.add(record(deliveryId, trigger, alertId, facts, n, DeliveryOutcome.delivered, result.statusCode(), null, at, latency));
                    LOG.debug("{}: {} of alert {} delivered to {} (delivery {}, attempt {})", name, trigger, alertId, channel.target(), deliveryId, n);
                    return finish(ledger, DeliveryOutcome.delivered, started);
                }
                if (result.kind() == DeliveryResult.Kind.PERMANENT || n >= retry.maxAttempts()) {
                    String why = result.kind() == DeliveryResult.Kind.PERMANENT ? reason
                            : "gave up after " + n + " attempt" + (n == 1 ? "" : "s") + ": " + reason;
                    ledger.add(record(deliveryId, trigger, alertId, facts, n, DeliveryOutcome.failed, result.statusCode(), why, at, latency));
                    LOG.warn("{}: {} of alert {} NOT delivered to {} (delivery {}): {}", name, trigger, alertId, channel.target(), deliveryId, why);
                    return finish(ledger, DeliveryOutcome.failed, started);
                }
                Duration pause = retry.pause(n, result.retryAfter(), runtime.random().getAsDouble());
                String why = reason + "; attempt " + (n + 1) + " in " + pause.toMillis() + " ms"
                        + (result.retryAfter() != null ? " (Retry-After)" : "");
                ledger.add(record(deliveryId, trigger, alertId, facts, n, DeliveryOutcome.retrying, result.statusCode(), why, at, latency));
                LOG.info("{}: {} of alert {} to {} failed attempt {} of {}: {}", name, trigger, alertId, channel.target(), n, retry.maxAttempts(), why);
                if (!runtime.sleeper().sleep(pause)) {
                    return unfinished(alertId, ledger);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unfinished(alertId, ledger);
        }
    }

    private DeliveryReport filtered(Alert alert, String deliveryId) {
        count(DeliveryOutcome.filtered);
        LOG.debug("{}: alert {} filtered, severity {} not in {}", name, alert.getAlertId(), alert.getSeverity(), severities);
        String reason = "severity " + alert.getSeverity() + " is not among the channel's severities " + severities;
        return new DeliveryReport(List.of(record(deliveryId, TRIGGER_ALERT, alert.getAlertId(), facts(alert), 0,
                DeliveryOutcome.filtered, null, reason, runtime.clock().instant(), null)), true);
    }

    private static DeliveryResult attempt(Attempt attempt, String deliveryId) throws InterruptedException {
        try {
            return attempt.make(deliveryId);
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

    private DeliveryReport unfinished(String alertId, List<NotificationRecord> ledger) {
        LOG.info("{}: stopping; alert {} not yet delivered, it will be retried after the next start", name, alertId);
        return new DeliveryReport(ledger, false);
    }

    private void count(DeliveryOutcome outcome) {
        Counter.builder("vigil.notifications")
                .description("Notifications by channel and final outcome.")
                .tag("channel", name).tag("outcome", outcome.name())
                .register(runtime.registry())
                .increment();
    }

    private NotificationRecord record(String deliveryId, String trigger, String alertId, Facts facts, int attempt,
                                      DeliveryOutcome outcome, Integer status, String reason, Instant at, Long latencyMs) {
        return record(name, channel.type(), deliveryId, trigger, alertId, facts, attempt, outcome, status, reason, at, latencyMs);
    }

    private static NotificationRecord record(String channelName, String channelType, String deliveryId, String trigger,
                                             String alertId, Facts facts, int attempt, DeliveryOutcome outcome,
                                             Integer status, String reason, Instant at, Long latencyMs) {
        return NotificationRecord.newBuilder()
                .setDeliveryId(deliveryId)
                .setAlertId(alertId)
                .setChannel(channelName)
                .setChannelType(channelType)
                .setTrigger(trigger)
                .setAttempt(attempt)
                .setOutcome(outcome)
                .setStatusCode(status)
                .setReason(reason)
                .setTenantId(facts.tenantId())
                .setAgentId(facts.agentId())
                .setRuleId(facts.ruleId())
                .setSeverity(facts.severity())
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
