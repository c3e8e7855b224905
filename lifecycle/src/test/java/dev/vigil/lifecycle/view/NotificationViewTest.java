package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery ledger folded per alertId into {@value LifecycleTopology#NOTIFICATION_VIEW_STORE}. */
class NotificationViewTest {

    private static final Instant WALL_CLOCK = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://notification-view-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, NotificationRecord> ledger;
    private TestInputTopic<String, byte[]> rawLedger;
    private KeyValueStore<String, NotificationHistory> store;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notification-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props, WALL_CLOCK);
        ledger = driver.createInputTopic(topics.notifications(), new StringSerializer(),
                serdes.valueSerde(NotificationRecord.class).serializer());
        rawLedger = driver.createInputTopic(topics.notifications(), new StringSerializer(), new ByteArraySerializer());
        store = driver.getKeyValueStore(LifecycleTopology.NOTIFICATION_VIEW_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void eachLedgerRecordIsFiledUnderItsAlertWithChannelStatusAttemptTriggerDetailAndTime() {
        ledger.pipeInput("a-1", record("a-1", "slack-ops", 1, DeliveryOutcome.retrying, "HTTP 503; attempt 2 in 500 ms", T0));
        ledger.pipeInput("a-1", record("a-1", "slack-ops", 2, DeliveryOutcome.delivered, null, T0.plusSeconds(1)));
        ledger.pipeInput("a-2", record("a-2", "pagerduty", 1, DeliveryOutcome.delivered, null, T0));

        NotificationHistory history = store.get("a-1");
        assertThat(history.entries()).containsExactly(
                new NotificationEntry("d-a-1-slack-ops", "slack-ops", "retrying", 1, "alert", "HTTP 503; attempt 2 in 500 ms", T0),
                new NotificationEntry("d-a-1-slack-ops", "slack-ops", "delivered", 2, "alert", null, T0.plusSeconds(1)));
        assertThat(history.updatedAt()).isEqualTo(WALL_CLOCK);
        assertThat(store.get("a-2").entries()).extracting(NotificationEntry::channel).containsExactly("pagerduty");
    }

    @Test
    void aLateRecordSortsInPlaceAndOnlyTheNewestFiftyAreKept() {
        for (int i = 1; i <= NotificationHistory.LIMIT + 5; i++) {
            ledger.pipeInput("a-1", record("a-1", "webhook", i, DeliveryOutcome.retrying, "try " + i, T0.plusSeconds(i)));
        }
        ledger.pipeInput("a-1", record("a-1", "email", 1, DeliveryOutcome.delivered, null, T0.plusSeconds(30)));

        var entries = store.get("a-1").entries();
        assertThat(entries).hasSize(NotificationHistory.LIMIT);
        assertThat(entries).isSortedAccordingTo(java.util.Comparator.comparing(NotificationEntry::at));
        assertThat(entries.get(entries.size() - 1).attempt()).isEqualTo(NotificationHistory.LIMIT + 5);
        assertThat(entries).extracting(NotificationEntry::channel).contains("email");
        assertThat(entries).filteredOn(e -> e.channel().equals("webhook")).extracting(NotificationEntry::attempt)
                .doesNotContain(1, 2, 3, 4, 5, 6).contains(7);
    }

    @Test
    void aRedeliveredRecordIsCountedAndKeptOnce() {
        NotificationRecord delivered = record("a-1", "slack-ops", 1, DeliveryOutcome.delivered, null, T0);

        ledger.pipeInput("a-1", delivered);
        ledger.pipeInput("a-1", delivered);

        assertThat(store.get("a-1").entries()).hasSize(1);
        assertThat(skipped(SkippedRecords.DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void noUrlReachesTheViewEvenIfTheLedgerHeldOne() {
        ledger.pipeInput("a-1", record("a-1", "slack-ops", 1, DeliveryOutcome.failed,
                "HTTP 404 from https://hooks.slack.com/services/T000/B000/XXXXSECRET?token=abc (gone)", T0));

        String detail = store.get("a-1").entries().get(0).detail();
        assertThat(detail).isEqualTo("HTTP 404 from <url> (gone)").doesNotContain("XXXXSECRET").doesNotContain("hooks");
    }

    @Test
    void badBytesOnTheLedgerAreCountedAndTheNextRecordIsFiled() {
        rawLedger.pipeInput("a-1", "not avro".getBytes(StandardCharsets.UTF_8));
        rawLedger.pipeInput("a-1", (byte[]) null);

        ledger.pipeInput("a-1", record("a-1", "slack-ops", 1, DeliveryOutcome.delivered, null, T0));

        assertThat(skipped(SkippedRecords.UNDECODABLE)).isEqualTo(1.0);
        assertThat(skipped(SkippedRecords.EMPTY)).isEqualTo(1.0);
        assertThat(store.get("a-1").entries()).hasSize(1);
    }

    @Test
    void historiesUntouchedForTheRetentionAreRemoved() {
        ledger.pipeInput("old", record("old", "slack-ops", 1, DeliveryOutcome.delivered, null, T0));
        driver.advanceWallClockTime(NotificationViewProcessor.RETENTION.minusDays(1));
        ledger.pipeInput("recent", record("recent", "slack-ops", 1, DeliveryOutcome.delivered, null, T0));

        driver.advanceWallClockTime(Duration.ofDays(1).plus(NotificationViewProcessor.SWEEP_INTERVAL));

        assertThat(store.get("old")).isNull();
        assertThat(store.get("recent")).isNotNull();
        assertThat(skipped(SkippedRecords.EXPIRED)).isEqualTo(1.0);
    }

    @Test
    void storedHistoriesReadBackThroughTheSerde() {
        NotificationHistory history = new NotificationHistory(java.util.List.of(
                new NotificationEntry("d-1", "email", "failed", 3, "resolve", "gave up after 3 attempts: 550", T0),
                new NotificationEntry("d-2", "pagerduty", "delivered", 1, "alert", null, T0.plusMillis(5))), WALL_CLOCK);
        NotificationViewSerde serde = new NotificationViewSerde();

        assertThat(serde.deserializer().deserialize("changelog", serde.serializer().serialize("changelog", history)))
                .isEqualTo(history);
    }

    private static NotificationRecord record(String alertId, String channel, int attempt, DeliveryOutcome outcome,
                                             String reason, Instant at) {
        return NotificationRecord.newBuilder()
                .setDeliveryId("d-" + alertId + "-" + channel)
                .setAlertId(alertId)
                .setChannel(channel)
                .setChannelType("slack")
                .setTrigger("alert")
                .setAttempt(attempt)
                .setOutcome(outcome)
                .setStatusCode(outcome == DeliveryOutcome.delivered ? 200 : null)
                .setReason(reason)
                .setTenantId("tenant-a")
                .setAgentId("did:web:agent-1")
                .setRuleId("velocity_spike")
                .setSeverity(Severity.high)
                .setAttemptedAt(at)
                .build();
    }

    /** The count of {@code reason} over the topology (only ledger records are piped here). */
    private double skipped(SkippedRecords reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(reason.totalMetric()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
