package dev.vigil.notifier.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StillFailedTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final StillFailed selection = new StillFailed();
    private int tick;

    @Test
    void aFinalFailureIsStillFailedWithItsKeyTimeAndReason() {
        add("a1", "webhook", "alert", DeliveryOutcome.retrying, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");

        assertThat(selection.result()).containsExactly(
                new FailedDelivery("a1", "webhook", "k1", T0.plusSeconds(2), "failed: k1"));
    }

    @Test
    void aLaterDeliveryOfTheSamePairSettlesIt() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.delivered, "k1");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void aDeliveredNewerVersionOfTheAlertSettlesTheEarlierFailure() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k-first");
        add("a1", "webhook", "alert", DeliveryOutcome.delivered, "k-repeat");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void aFailureAfterADeliveryIsStillFailed() {
        add("a1", "webhook", "alert", DeliveryOutcome.delivered, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k2");

        assertThat(selection.result()).extracting(FailedDelivery::deliveryId).containsExactly("k2");
    }

    @Test
    void pairsAreSeparatePerChannel() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k-webhook");
        add("a1", "console", "alert", DeliveryOutcome.delivered, "k-console");
        add("a1", "slack-ops", "alert", DeliveryOutcome.failed, "k-slack");
        add("a1", "slack-ops", "alert", DeliveryOutcome.delivered, "k-slack");

        assertThat(selection.result()).extracting(FailedDelivery::channel).containsExactly("webhook");
    }

    @Test
    void aRepeatSuppressedAfterAFailureLeavesThePairFailed() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.suppressed, "k2");

        assertThat(selection.result()).extracting(FailedDelivery::deliveryId).containsExactly("k1");
    }

    @Test
    void aDeliveryInHandIsTheNotifiersNotTheRedrives() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.retrying, "k2");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void aLaterFilterOrSilenceSettlesThePair() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "alert", DeliveryOutcome.filtered, "k2");
        add("a2", "webhook", "alert", DeliveryOutcome.failed, "k3");
        add("a2", "webhook", "alert", DeliveryOutcome.silenced, "k4");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void groupDigestAndLifecycleRecordsAreOutOfScope() {
        add("a1", "webhook", "group", DeliveryOutcome.failed, "k1");
        add("a2", "pagerduty", "digest", DeliveryOutcome.failed, "k2");
        add("a3", "pagerduty", "acknowledge", DeliveryOutcome.failed, "k3");
        add("a4", "pagerduty", "resolve", DeliveryOutcome.failed, "k4");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void anAlertDeliveredInAGroupAfterItsOwnSendFailedIsDone() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "group", DeliveryOutcome.delivered, "k1");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void aFailedGroupOrADigestLeavesAFailedOwnSendFailed() {
        add("a1", "webhook", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "webhook", "group", DeliveryOutcome.failed, "k1");
        add("a2", "webhook", "alert", DeliveryOutcome.failed, "k2");
        add("a2", "webhook", "digest", DeliveryOutcome.suppressed, "k2");

        assertThat(selection.result()).extracting(FailedDelivery::alertId).containsExactly("a1", "a2");
    }

    @Test
    void anAlertTheChannelWasToldIsAcknowledgedOrResolvedIsNotSentAgain() {
        add("a1", "pagerduty", "alert", DeliveryOutcome.failed, "k1");
        add("a1", "pagerduty", "acknowledge", DeliveryOutcome.delivered, "k-ack");
        add("a2", "pagerduty", "alert", DeliveryOutcome.failed, "k2");
        add("a2", "pagerduty", "resolve", DeliveryOutcome.failed, "k-resolve");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void theDecodersRecordsOfUndecodableBytesHaveNothingToResend() {
        add("undecodable:vigil.alerts.v1-0@7", "notifier", "alert", DeliveryOutcome.failed, "undecodable:vigil.alerts.v1-0@7");

        assertThat(selection.result()).isEmpty();
    }

    @Test
    void aChannelThatDidNotExistIsStillFailedSoItCanBeResentOnceItDoes() {
        add("a1", "ops-pager", "alert", DeliveryOutcome.failed, "k1");

        assertThat(selection.result()).extracting(FailedDelivery::channel).containsExactly("ops-pager");
    }

    @Test
    void resultsComeOldestFailureFirstWhateverTheReadingOrder() {
        add("late", "webhook", "alert", DeliveryOutcome.failed, "k-late", T0.plusSeconds(60));
        add("early", "webhook", "alert", DeliveryOutcome.failed, "k-early", T0);
        add("early", "console", "alert", DeliveryOutcome.failed, "k-early-console", T0);

        assertThat(selection.result()).extracting(d -> d.alertId() + "/" + d.channel())
                .containsExactly("early/console", "early/webhook", "late/webhook");
    }

    @Test
    void anEmptyLedgerHasNothingFailed() {
        assertThat(selection.result()).isEqualTo(List.of());
    }

    private void add(String alertId, String channel, String trigger, DeliveryOutcome outcome, String deliveryId) {
        add(alertId, channel, trigger, outcome, deliveryId, T0.plusSeconds(++tick));
    }

    private void add(String alertId, String channel, String trigger, DeliveryOutcome outcome, String deliveryId, Instant at) {
        selection.add(NotificationRecord.newBuilder().setDeliveryId(deliveryId).setAlertId(alertId).setChannel(channel)
                .setChannelType("webhook").setTrigger(trigger).setAttempt(1).setOutcome(outcome).setStatusCode(null)
                .setReason(outcome + ": " + deliveryId).setTenantId("t1").setAgentId("did:web:x").setRuleId("scope_escalation")
                .setSeverity(Severity.critical).setAttemptedAt(at).setLatencyMs(null).build());
    }
}
