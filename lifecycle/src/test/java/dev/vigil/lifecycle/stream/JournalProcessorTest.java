package dev.vigil.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.view.LifecycleTopology;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle topology feeding the live stream's journal, through {@link TopologyTestDriver}. */
class JournalProcessorTest {

    private static final String AGENT = "did:web:agent-1";

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://journal-processor-" + UUID.randomUUID());
    private final EventJournal journal = new EventJournal(100, Clock.systemUTC());
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    private TestInputTopic<String, byte[]> rawAlerts;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "journal-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes, ChannelSpecs.STANDARD, journal), props);
        alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(),
                serdes.valueSerde(Alert.class).serializer());
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        rawAlerts = driver.createInputTopic(topics.alerts(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void alertsAndLifecycleEventsReachTheJournalInOrder() throws Exception {
        Alert alert = Fixtures.alert("a-1");
        AlertLifecycleEvent halt = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.HALT, alert, "ops",
                "runaway", null, Fixtures.T0)).setAlertId(null).build();

        alerts.pipeInput(AGENT, alert);
        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", Fixtures.T0.plusSeconds(5)));
        alerts.pipeInput(AGENT, Fixtures.reEmitted(alert, 3, Fixtures.T0.plusSeconds(60)));
        events.pipeInput(AGENT, halt);

        assertThat(types()).containsExactly(EventType.ANOMALY_DETECTED, EventType.ALERT_ACKNOWLEDGED,
                EventType.ANOMALY_UPDATED, EventType.AGENT_HALTED);
    }

    @Test
    void aRedeliveredRecordIsStreamedOnce() throws Exception {
        Alert alert = Fixtures.alert("a-1");
        AlertLifecycleEvent ack = Fixtures.acknowledge(alert, "alice", Fixtures.T0);

        alerts.pipeInput(AGENT, alert);
        alerts.pipeInput(AGENT, alert);
        events.pipeInput(AGENT, ack);
        events.pipeInput(AGENT, ack);

        assertThat(types()).containsExactly(EventType.ANOMALY_DETECTED, EventType.ALERT_ACKNOWLEDGED);
    }

    @Test
    void badBytesDoNotReachTheJournal() throws Exception {
        rawAlerts.pipeInput(AGENT, "poison".getBytes(StandardCharsets.UTF_8));
        alerts.pipeInput(AGENT, Fixtures.alert("a-1"));

        assertThat(types()).containsExactly(EventType.ANOMALY_DETECTED);
    }

    private List<EventType> types() throws InterruptedException {
        return journal.read(0, 100, Duration.ZERO).events().stream().map(StreamEvent::type).toList();
    }
}
