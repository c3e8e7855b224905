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
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert view applying reopen, comment and assign events from the topic, through the topology. */
class AlertActionsViewTest {

    private static final String AGENT = "did:web:agent-1";

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://alert-actions-view-" + UUID.randomUUID());
    private final Alert alert = Fixtures.alert("a-1");
    private TopologyTestDriver driver;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    private KeyValueStore<String, AlertView> store;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-actions-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props, Instant.parse("2025-03-02T00:00:00Z"));
        driver.createInputTopic(topics.alerts(), new StringSerializer(), serdes.valueSerde(Alert.class).serializer())
                .pipeInput(AGENT, alert);
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        store = driver.getKeyValueStore(LifecycleTopology.ALERT_VIEW_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aReopenAfterAResolveMakesTheAlertOpenAgainWithoutItsResolution() {
        events.pipeInput(AGENT, Fixtures.resolve(alert, "bob", Resolution.false_positive, T0.plusSeconds(1)));

        events.pipeInput(AGENT, event(LifecycleAction.REOPEN, "carol", "still happening", null, T0.plusSeconds(2)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.OPEN);
        assertThat(view.resolution()).isNull();
        assertThat(view.resolvedBy()).isNull();
        assertThat(view.note()).isEqualTo("still happening");
        assertThat(view.history()).extracting(HistoryEntry::action)
                .containsExactly(LifecycleAction.RESOLVE, LifecycleAction.REOPEN);
    }

    @Test
    void aCommentAndAnAssignChangeNoStatus() {
        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(1)));

        events.pipeInput(AGENT, event(LifecycleAction.COMMENT, "alice", "seen this before", null, T0.plusSeconds(2)));
        events.pipeInput(AGENT, event(LifecycleAction.ASSIGN, "lead", null, "dave", T0.plusSeconds(3)));

        AlertView view = store.get("a-1");
        assertThat(view.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(view.assignee()).isEqualTo("dave");
        assertThat(view.note()).isEqualTo("seen this before");
        assertThat(view.history()).extracting(HistoryEntry::action)
                .containsExactly(LifecycleAction.ACKNOWLEDGE, LifecycleAction.COMMENT, LifecycleAction.ASSIGN);
    }

    @Test
    void aReopenOfAnOpenAlertIsCountedAsIllegalAndChangesNothing() {
        events.pipeInput(AGENT, event(LifecycleAction.REOPEN, "carol", null, null, T0.plusSeconds(1)));

        assertThat(store.get("a-1").history()).isEmpty();
        assertThat(skipped(SkippedRecords.ILLEGAL_TRANSITION)).isEqualTo(1.0);
    }

    @Test
    void anAgentCommandThatNamesTheAlertIsNotTheViewsBusiness() {
        events.pipeInput(AGENT, event(LifecycleAction.HALT, "ops", "runaway", null, T0.plusSeconds(1)));

        assertThat(store.get("a-1").history()).isEmpty();
        assertThat(skipped(SkippedRecords.ILLEGAL_TRANSITION)).isZero();
    }

    private AlertLifecycleEvent event(LifecycleAction action, String actor, String note, String assignee, Instant at) {
        return AlertLifecycleEvent.newBuilder(Fixtures.event(action, alert, actor, note, null, at)).setAssignee(assignee)
                .build();
    }

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
