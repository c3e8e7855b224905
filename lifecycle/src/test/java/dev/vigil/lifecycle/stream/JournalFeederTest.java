package dev.vigil.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live stream's feeder on the real broker: every partition of both topics, from their end at start; a redelivered
 * record streamed once; bad bytes passed over.
 */
class JournalFeederTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private List<StreamEvent> journalled(EventJournal journal) throws InterruptedException {
        return journal.read(0, 1_000, Duration.ZERO).events();
    }

    @Test
    void everyPartitionOfBothTopicsFromTheirEndAtStartReachesTheJournal() throws Exception {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 3);
        SerdeFactory serdes = SerdeFactory.forRegistry(KAFKA.registryUrl());
        var alerts = serdes.valueSerde(Alert.class);
        var events = serdes.valueSerde(AlertLifecycleEvent.class);
        Alert before = Fixtures.alert("before-start", "did:web:agent-0", dev.vigil.avro.Severity.high, Fixtures.T0);
        KAFKA.produce(topics.alerts(), before.getAgentId(), before, alerts.serializer());
        EventJournal journal = new EventJournal(100, Clock.systemUTC());

        try (JournalFeeder feeder = new JournalFeeder(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                topics.alerts(), topics.alertEvents(), alerts.deserializer(), events.deserializer(), journal)) {
            feeder.start();
            KAFKA.produceBytes(topics.alerts(), "did:web:agent-1", "poison".getBytes(StandardCharsets.UTF_8));
            for (int n = 1; n <= 6; n++) {
                Alert alert = Fixtures.alert("alert-" + n, "did:web:agent-" + n, dev.vigil.avro.Severity.high, Fixtures.T0);
                KAFKA.produce(topics.alerts(), alert.getAgentId(), alert, alerts.serializer());
                AlertLifecycleEvent ack = Fixtures.acknowledge(alert, "alice", Fixtures.T0.plusSeconds(n));
                KAFKA.produce(topics.alertEvents(), alert.getAgentId(), ack, events.serializer());
                KAFKA.produce(topics.alertEvents(), alert.getAgentId(), ack, events.serializer());   // redelivered
            }
            AlertLifecycleEvent halt = AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.HALT,
                    Fixtures.alert("x"), "ops", "runaway", null, Fixtures.T0)).setAlertId(null).build();
            KAFKA.produce(topics.alertEvents(), halt.getAgentId(), halt, events.serializer());

            await().atMost(WAIT).untilAsserted(() -> assertThat(journalled(journal)).hasSize(13));
            List<StreamEvent> all = journalled(journal);
            assertThat(all).filteredOn(e -> e.type() == EventType.ANOMALY_DETECTED).hasSize(6)
                    .noneMatch(e -> e.data().contains("before-start"));
            assertThat(all).filteredOn(e -> e.type() == EventType.ALERT_ACKNOWLEDGED).as("each once").hasSize(6);
            assertThat(all).filteredOn(e -> e.type() == EventType.AGENT_HALTED).hasSize(1);
            for (int n = 1; n <= 6; n++) {
                String id = "\"alertId\":\"alert-" + n + "\"";
                assertThat(indexOf(all, EventType.ANOMALY_DETECTED, id)).as("alert-%d", n).isNotNegative();
                assertThat(indexOf(all, EventType.ALERT_ACKNOWLEDGED, id)).as("its acknowledgement").isNotNegative();
            }
        }
    }

    private static int indexOf(List<StreamEvent> events, EventType type, String marker) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() == type && events.get(i).data().contains(marker)) {
                return i;
            }
        }
        return -1;
    }
}
