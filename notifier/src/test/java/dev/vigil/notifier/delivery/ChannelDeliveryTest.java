package dev.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.testing.LogCapture;
import dev.vigil.notifier.testing.RecordingSleeper;
import dev.vigil.notifier.testing.ScriptedChannel;
import dev.vigil.notifier.testing.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-20T11:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Alert alert = TestAlerts.scopeEscalation().build();

    private ChannelDelivery delivery(ScriptedChannel channel, Severity min) {
        return delivery(channel, min, sleeper);
    }

    private ChannelDelivery delivery(ScriptedChannel channel, Severity min, Sleeper sleeper) {
        DeliveryRuntime runtime = new DeliveryRuntime(sleeper, registry, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.0);
        return new ChannelDelivery("hook", channel, min, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10)), runtime);
    }

    @Test
    void recordsAnAlertBelowTheChannelMinimumAsFilteredWithoutAnAttempt() {
        ScriptedChannel channel = new ScriptedChannel();

        DeliveryReport report = delivery(channel, Severity.high).deliver(TestAlerts.withSeverity(Severity.medium));

        assertThat(channel.deliveryIds()).isEmpty();
        assertThat(report.finished()).isTrue();
        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.filtered);
            assertThat(r.getAttempt()).isZero();
            assertThat(r.getReason()).isEqualTo("severity medium is not among the channel's severities [high, critical]");
        });
        assertThat(count("filtered")).isEqualTo(1.0);
    }

    @Test
    void aSilencedAlertIsOneSilencedRecordWithoutAnAttempt() {
        ScriptedChannel channel = new ScriptedChannel();

        DeliveryReport report = delivery(channel, Severity.low).silenced(alert, "silenced by s-1 (ops: maintenance)");

        assertThat(channel.deliveryIds()).isEmpty();
        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.silenced);
            assertThat(r.getAttempt()).isZero();
            assertThat(r.getReason()).isEqualTo("silenced by s-1 (ops: maintenance)");
            assertThat(r.getDeliveryId()).isEqualTo(DeliveryId.of(alert, "hook"));
        });
        assertThat(count("silenced")).isEqualTo(1.0);
    }

    @Test
    void aLifecycleNoticeIsRetriedAndRecordedWithItsActionAsTrigger() {
        ScriptedChannel channel = ScriptedChannel.followingLifecycle(
                DeliveryResult.retryable(503, "HTTP 503", null), DeliveryResult.delivered(202));
        dev.vigil.avro.AlertLifecycleEvent ack = dev.vigil.avro.AlertLifecycleEvent.newBuilder().setEventId("ev-1")
                .setAction(dev.vigil.avro.LifecycleAction.ACKNOWLEDGE).setAlertId(alert.getAlertId())
                .setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId()).setRuleId(alert.getRuleId())
                .setActor("alice").setOccurredAt(NOW).build();

        DeliveryReport report = delivery(channel, Severity.low)
                .deliverLifecycle(new dev.vigil.notifier.channel.LifecycleNotice(ack, alert));

        assertThat(report.ledger()).extracting(r -> r.getOutcome()).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
        assertThat(report.ledger()).allSatisfy(r -> {
            assertThat(r.getTrigger()).isEqualTo("acknowledge");
            assertThat(r.getDeliveryId()).isEqualTo(DeliveryId.ofEvent("ev-1", "hook")).isNotEqualTo(DeliveryId.of(alert, "hook"));
            assertThat(r.getSeverity()).isEqualTo(alert.getSeverity());
        });
        assertThat(channel.deliveryIds()).containsOnly(DeliveryId.ofEvent("ev-1", "hook"));
    }

    @Test
    void deliversAnAlertAtTheChannelMinimum() {
        ScriptedChannel channel = new ScriptedChannel(DeliveryResult.delivered(204));

        DeliveryReport report = delivery(channel, Severity.high).deliver(TestAlerts.withSeverity(Severity.high));

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.delivered);
            assertThat(r.getStatusCode()).isEqualTo(204);
            assertThat(r.getDeliveryId()).isEqualTo(DeliveryId.of(alert, "hook"));
            assertThat(r.getAlertId()).isEqualTo(alert.getAlertId());
            assertThat(r.getChannel()).isEqualTo("hook");
            assertThat(r.getChannelType()).isEqualTo("scripted");
            assertThat(r.getTrigger()).isEqualTo("alert");
            assertThat(r.getTenantId()).isEqualTo("t1");
            assertThat(r.getAgentId()).isEqualTo("did:web:x");
            assertThat(r.getRuleId()).isEqualTo("scope_escalation");
            assertThat(r.getSeverity()).isEqualTo(Severity.high);
            assertThat(r.getAttemptedAt()).isEqualTo(NOW);
        });
        assertThat(count("delivered")).isEqualTo(1.0);
        assertThat(registry.get("vigil.notification.latency").tag("channel", "hook").timer().count()).isEqualTo(1);
    }

    @Test
    void retriesARetryableAnswerWithTheSameIdempotencyKeyUntilDelivered() {
        ScriptedChannel channel = new ScriptedChannel(DeliveryResult.retryable(503, "HTTP 503", null), DeliveryResult.delivered(200));

        DeliveryReport report = delivery(channel, Severity.low).deliver(alert);

        assertThat(channel.deliveryIds()).hasSize(2).containsOnly(DeliveryId.of(alert, "hook"));
        assertThat(report.ledger()).extracting(NotificationRecord::getAttempt, NotificationRecord::getOutcome, NotificationRecord::getReason)
                .containsExactly(tuple(1, DeliveryOutcome.retrying, "HTTP 503; attempt 2 in 500 ms"),
                        tuple(2, DeliveryOutcome.delivered, null));
        assertThat(count("delivered")).isEqualTo(1.0);
    }

    @Test
    void givesUpAfterTheLastAttemptAndRecordsWhy() {
        ScriptedChannel channel = new ScriptedChannel(new HttpTimeoutException("request timed out"),
                new HttpTimeoutException("request timed out"), new HttpTimeoutException("request timed out"));

        DeliveryReport report = delivery(channel, Severity.low).deliver(alert);

        assertThat(channel.deliveryIds()).hasSize(3);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome)
                .containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.retrying, DeliveryOutcome.failed);
        assertThat(report.ledger().get(2).getReason()).isEqualTo("gave up after 3 attempts: HttpTimeoutException: request timed out");
        assertThat(report.finished()).isTrue();
        assertThat(count("failed")).isEqualTo(1.0);
    }

    @Test
    void doesNotRetryAPermanentFailure() {
        ScriptedChannel channel = new ScriptedChannel(DeliveryResult.permanent(404, "HTTP 404"));

        DeliveryReport report = delivery(channel, Severity.low).deliver(alert);

        assertThat(channel.deliveryIds()).hasSize(1);
        assertThat(sleeper.pauses()).isEmpty();
        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getStatusCode()).isEqualTo(404);
            assertThat(r.getReason()).isEqualTo("HTTP 404");
        });
    }

    @Test
    void treatsAnUnexpectedChannelErrorAsPermanentAndKeepsGoing() {
        ScriptedChannel channel = new ScriptedChannel(new IllegalStateException("bug"));

        DeliveryReport report = delivery(channel, Severity.low).deliver(alert);

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getReason()).isEqualTo("channel error IllegalStateException: bug");
        });
    }

    @Test
    void waitsAsLongAsTheReceiverAsksButNoLongerThanTheCap() {
        ScriptedChannel channel = new ScriptedChannel(DeliveryResult.retryable(429, "HTTP 429", Duration.ofSeconds(4)),
                DeliveryResult.retryable(429, "HTTP 429", Duration.ofMinutes(5)), DeliveryResult.delivered(200));

        DeliveryReport report = delivery(channel, Severity.low).deliver(alert);

        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(10));
        assertThat(report.ledger().get(0).getReason()).isEqualTo("HTTP 429; attempt 2 in 4000 ms (Retry-After)");
    }

    @Test
    void leavesTheDeliveryUnfinishedWhenTheAppStopsDuringABackoff() {
        StopSignal stop = new StopSignal();
        stop.stop();
        ScriptedChannel channel = new ScriptedChannel(new IOException("connection reset"), DeliveryResult.delivered(200));

        DeliveryReport report = delivery(channel, Severity.low, stop).deliver(alert);

        assertThat(report.finished()).isFalse();
        assertThat(channel.deliveryIds()).hasSize(1);
        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.retrying);
        assertThat(registry.find("vigil.notifications").counters()).isEmpty();
    }

    @Test
    void masksTheChannelSecretsAndUrlQueriesInLogsAndLedger() {
        String secretUrl = "https://hooks.example.com/in?token=s3cr3t";
        ScriptedChannel channel = new ScriptedChannel(List.of(secretUrl, "token=s3cr3t"),
                new IOException("cannot reach " + secretUrl), DeliveryResult.permanent(401, "HTTP 401: bad token=s3cr3t"));

        List<String> logs;
        DeliveryReport report;
        try (LogCapture capture = new LogCapture()) {
            report = delivery(channel, Severity.low).deliver(alert);
            logs = capture.lines();
        }

        assertThat(report.ledger()).extracting(NotificationRecord::getReason)
                .containsExactly("IOException: cannot reach ***; attempt 2 in 500 ms", "HTTP 401: bad ***");
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains("s3cr3t"));
    }

    private double count(String outcome) {
        return registry.get("vigil.notifications").tag("channel", "hook").tag("outcome", outcome).counter().count();
    }
}
