package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
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

class LifecycleTopologyTest {

    private static final String AGENT = "did:web:agent-1";
    /** The driver's wall clock: a view's updatedAt, and what its retention counts from. */
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-02T00:00:00Z");

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://lifecycle-topology-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    private TestInputTopic<String, byte[]> rawAlerts;
    private TestInputTopic<String, byte[]> rawEvents;
    private KeyValueStore<String, AlertView> store;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifecycle-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props, WALL_CLOCK);
        alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(),
                serdes.valueSerde(Alert.class).serializer());
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        rawAlerts = driver.createInputTopic(topics.alerts(), new StringSerializer(), new ByteArraySerializer());
        rawEvents = driver.createInputTopic(topics.alertEvents(), new StringSerializer(), new ByteArraySerializer());
        store = driver.getKeyValueStore(LifecycleTopology.ALERT_VIEW_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void anAlertOpensAView() {
        alerts.pipeInput(AGENT, Fixtures.alert("a-1"));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(view.alert()).isEqualTo(Fixtures.alert("a-1"));
        assertThat(view.updatedAt()).isEqualTo(WALL_CLOCK);
    }

    @Test
    void anAcknowledgeEventMakesTheAlertAcknowledged() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);

        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(5)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(view.acknowledgedBy()).isEqualTo("alice");
        assertThat(view.acknowledgedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aResolveEventAfterTheAcknowledgementMakesItResolved() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(5)));

        events.pipeInput(AGENT, Fixtures.resolve(alert, "bob", Resolution.true_positive, T0.plusSeconds(9)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(view.resolvedBy()).isEqualTo("bob");
        assertThat(view.resolution()).isEqualTo(Resolution.true_positive);
        assertThat(view.history()).extracting(HistoryEntry::action)
                .containsExactly(LifecycleAction.ACKNOWLEDGE, LifecycleAction.RESOLVE);
    }

    @Test
    void aReEmittedAlertKeepsTheStatusAndUpdatesOccurrences() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(5)));

        alerts.pipeInput(AGENT, Fixtures.reEmitted(alert, 4, T0.plusSeconds(60)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(view.alert().getOccurrences()).isEqualTo(4);
        assertThat(view.alert().getLastSeen()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void anEventForAnUnknownAlertIsCountedAndIgnored() {
        events.pipeInput(AGENT, Fixtures.acknowledge(Fixtures.alert("never-seen"), "alice", T0));

        assertThat(store.get("never-seen")).isNull();
        assertThat(skipped(SkippedRecords.UNKNOWN_ALERT)).isEqualTo(1.0);
    }

    @Test
    void badBytesOnTheAlertsTopicAreCountedAndTheNextAlertIsApplied() {
        rawAlerts.pipeInput(AGENT, "not avro".getBytes(StandardCharsets.UTF_8));
        rawAlerts.pipeInput(AGENT, new byte[] {0, 0, 0, 0, 99, 1, 2});

        alerts.pipeInput(AGENT, Fixtures.alert("a-1"));

        assertThat(skipped(SkippedRecords.UNDECODABLE)).isEqualTo(2.0);
        assertThat(store.get("a-1").status()).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void badBytesOnTheEventsTopicAreCountedAndTheNextEventIsApplied() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        rawEvents.pipeInput(AGENT, "{\"action\":\"ACKNOWLEDGE\"}".getBytes(StandardCharsets.UTF_8));
        rawEvents.pipeInput(AGENT, (byte[]) null);

        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0));

        assertThat(skipped(SkippedRecords.UNDECODABLE)).isEqualTo(1.0);
        assertThat(skipped(SkippedRecords.EMPTY)).isEqualTo(1.0);
        assertThat(store.get("a-1").status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
    }

    @Test
    void anAlertOnTheEventsTopicIsUndecodableThereAndChangesNothing() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);

        rawEvents.pipeInput(AGENT, serdes.valueSerde(Alert.class).serializer().serialize(topics.alerts(), alert));

        assertThat(skipped(SkippedRecords.UNDECODABLE)).isEqualTo(1.0);
        assertThat(store.get("a-1").history()).isEmpty();
    }

    @Test
    void anIllegalEventIsCountedAndLeavesTheStatus() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        events.pipeInput(AGENT, Fixtures.resolve(alert, "bob", Resolution.benign, T0));

        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(1)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(view.acknowledgedBy()).isNull();
        assertThat(view.history()).hasSize(1);
        assertThat(skipped(SkippedRecords.ILLEGAL_TRANSITION)).isEqualTo(1.0);
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        AlertLifecycleEvent ack = Fixtures.acknowledge(alert, "alice", T0);

        events.pipeInput(AGENT, ack);
        events.pipeInput(AGENT, ack);

        assertThat(store.get("a-1").history()).hasSize(1);
        assertThat(skipped(SkippedRecords.DUPLICATE)).isEqualTo(1.0);
        assertThat(skipped(SkippedRecords.ILLEGAL_TRANSITION)).isZero();
    }

    @Test
    void anAgentCommandWithoutAlertIdIsNotTheViewsBusiness() {
        Alert alert = Fixtures.alert("a-1");
        alerts.pipeInput(AGENT, alert);
        AlertLifecycleEvent halt = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.HALT, alert, "ops",
                "runaway", null, T0)).setAlertId(null).build();

        events.pipeInput(AGENT, halt);

        assertThat(store.get("a-1").status()).isEqualTo(AlertStatus.OPEN);
        assertThat(skipped(SkippedRecords.UNKNOWN_ALERT)).isZero();
    }

    @Test
    void viewsUntouchedForTheRetentionAreRemoved() {
        alerts.pipeInput(AGENT, Fixtures.alert("old"));
        driver.advanceWallClockTime(AlertViewProcessor.RETENTION.minusDays(1));
        alerts.pipeInput(AGENT, Fixtures.alert("recent"));

        driver.advanceWallClockTime(Duration.ofDays(1).plus(AlertViewProcessor.SWEEP_INTERVAL));

        assertThat(store.get("old")).isNull();
        assertThat(store.get("recent")).isNotNull();
        assertThat(skipped(SkippedRecords.EXPIRED)).isEqualTo(1.0);
    }

    @Test
    void topologyDescriptionIsPinned() {
        assertThat(LifecycleTopology.build(topics, serdes).describe().toString()).isEqualTo("""
                Topologies:
                   Sub-topology: 0
                    Source: alert-events-source (topics: [vigil.alert-events.v1])
                      --> decode-alert-events
                    Source: alerts-source (topics: [vigil.alerts.v1])
                      --> decode-alerts
                    Processor: decode-alert-events (stores: [])
                      --> alert-view, incident-view
                      <-- alert-events-source
                    Processor: decode-alerts (stores: [])
                      --> alert-view, incident-view
                      <-- alerts-source
                    Processor: alert-view (stores: [alert-view-store, alert-order-store])
                      --> none
                      <-- decode-alerts, decode-alert-events
                    Processor: incident-view (stores: [incident-current-store, incident-alerts-store, incident-view-store])
                      --> none
                      <-- decode-alerts, decode-alert-events

                  Sub-topology: 1
                    Source: notifications-source (topics: [vigil.notifications.v1])
                      --> decode-notifications
                    Processor: decode-notifications (stores: [])
                      --> notification-view
                      <-- notifications-source
                    Processor: notification-view (stores: [notification-view-store])
                      --> none
                      <-- decode-notifications

                  Sub-topology: 2 for global store (will not generate tasks)
                    Source: rules-source (topics: [vigil.rules.v1])
                      --> rules-view
                    Processor: rules-view (stores: [rules-store])
                      --> none
                      <-- rules-source
                  Sub-topology: 3 for global store (will not generate tasks)
                    Source: channels-source (topics: [vigil.channels.v1])
                      --> channels-view
                    Processor: channels-view (stores: [channels-store])
                      --> none
                      <-- channels-source
                  Sub-topology: 4 for global store (will not generate tasks)
                    Source: silences-source (topics: [vigil.silences.v1])
                      --> silences-view
                    Processor: silences-view (stores: [silences-store])
                      --> none
                      <-- silences-source
                  Sub-topology: 5 for global store (will not generate tasks)
                    Source: agents-source (topics: [vigil.agents.v1])
                      --> agents-view
                    Processor: agents-view (stores: [agents-store])
                      --> none
                      <-- agents-source
                  Sub-topology: 6 for global store (will not generate tasks)
                    Source: agent-status-source (topics: [vigil.agent-status.v1])
                      --> agent-status-view
                    Processor: agent-status-view (stores: [agent-status-store])
                      --> none
                      <-- agent-status-source
                """);
    }

    /** The cumulative count of {@code reason} over the topology's processors. */
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
