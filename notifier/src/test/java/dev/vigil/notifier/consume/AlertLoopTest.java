package dev.vigil.notifier.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.delivery.Sleeper;
import dev.vigil.notifier.delivery.StopSignal;
import dev.vigil.notifier.testing.LogCapture;
import dev.vigil.notifier.testing.ScriptedChannel;
import dev.vigil.notifier.testing.TestAlerts;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The consume–deliver–record–commit cycle, with Kafka's mock clients so that the order of steps can be observed. */
class AlertLoopTest {

    private static final String ALERTS = "alerts";
    private static final String LEDGER = "ledger";
    private static final TopicPartition P0 = new TopicPartition(ALERTS, 0);
    private static final TopicPartition P1 = new TopicPartition(ALERTS, 1);

    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://alert-loop-" + UUID.randomUUID());
    private final Serializer<Alert> alertSerializer = serdes.valueSerde(Alert.class).serializer();
    private final Deserializer<Alert> alertDeserializer = serdes.valueSerde(Alert.class).deserializer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StopSignal stop = new StopSignal();
    private final List<String> steps = new ArrayList<>();

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            steps.add("commit");
            super.commitSync(offsets);
        }
    };
    private final MockProducer<String, NotificationRecord> ledger = new MockProducer<>(true, null, new StringSerializer(),
            serdes.valueSerde(NotificationRecord.class).serializer()) {
        @Override
        public synchronized void flush() {
            steps.add("flush");
            super.flush();
        }
    };

    AlertLoopTest() {
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @Test
    void deliversTheBatchThenWritesTheLedgerThenCommits() {
        ScriptedChannel channel = new StepChannel();
        add(P0, 0, alert("a-1"));
        add(P0, 1, alert("a-2"));

        loop(channel, ledger, alertDeserializer, pause -> true).pollOnce();

        assertThat(steps).containsExactly("deliver", "deliver", "flush", "commit");
        assertThat(committed(P0)).isEqualTo(2L);
        assertThat(ledger.history()).extracting(ProducerRecord::topic, ProducerRecord::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LEDGER, "a-1"), org.assertj.core.groups.Tuple.tuple(LEDGER, "a-2"));
        assertThat(ledger.history()).extracting(r -> r.value().getOutcome()).containsOnly(DeliveryOutcome.delivered);
    }

    @Test
    void skipsAnUndecodableRecordLogsItOnceRecordsItAsFailedAndDeliversTheNext() {
        ScriptedChannel channel = new ScriptedChannel();
        add(P0, 0, new byte[] {1, 2, 3, 4, 5, 6});
        add(P0, 1, (byte[]) null);
        add(P0, 2, alert("a-3"));

        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            loop(channel, ledger, alertDeserializer, pause -> true).pollOnce();
            logs = capture.lines();
        }

        assertThat(channel.deliveryIds()).hasSize(1);
        assertThat(committed(P0)).isEqualTo(3L);
        List<NotificationRecord> written = ledger.history().stream().map(ProducerRecord::value).toList();
        assertThat(written).extracting(NotificationRecord::getAlertId, NotificationRecord::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("undecodable:alerts-0@0", DeliveryOutcome.failed),
                org.assertj.core.groups.Tuple.tuple("undecodable:alerts-0@1", DeliveryOutcome.failed),
                org.assertj.core.groups.Tuple.tuple("a-3", DeliveryOutcome.delivered));
        assertThat(written.get(0).getReason()).startsWith("undecodable alert at alerts-0@0, not delivered: Unknown magic byte 0x01");
        assertThat(written.get(0).getAgentId()).isEqualTo("did:web:x");
        assertThat(written.get(1).getReason()).endsWith("the record has no value");
        assertThat(logs.stream().filter(line -> line.contains("alerts-0@0"))).hasSize(1);
        assertThat(registry.get("vigil.notifier.undecodable.alerts").counter().count()).isEqualTo(2.0);
    }

    @Test
    void commitsNothingWhenTheLedgerCannotBeWritten() {
        MockProducer<String, NotificationRecord> broken = new MockProducer<>(false, null, new StringSerializer(),
                serdes.valueSerde(NotificationRecord.class).serializer()) {
            @Override
            public synchronized void flush() {
                while (errorNext(new TimeoutException("broker unreachable"))) {
                    steps.add("failed write");
                }
            }
        };
        add(P0, 0, alert("a-1"));
        AlertLoop loop = loop(new ScriptedChannel(), broken, alertDeserializer, pause -> true);

        assertThatThrownBy(loop::pollOnce).hasMessageContaining("Cannot write the delivery ledger to " + LEDGER)
                .hasMessageContaining("offsets not committed");
        assertThat(steps).containsExactly("failed write");
        assertThat(committed(P0)).isNull();
    }

    @Test
    void commitsOnlyTheFinishedAlertsWhenStoppedDuringABackoff() {
        ScriptedChannel channel = new ScriptedChannel(DeliveryResult.delivered(200), DeliveryResult.retryable(503, "HTTP 503", null));
        add(P0, 0, alert("a-1"));
        add(P0, 1, alert("a-2"));
        add(P0, 2, alert("a-3"));
        Sleeper stopsTheApp = pause -> {
            stop.stop();
            return false;
        };

        loop(channel, ledger, alertDeserializer, stopsTheApp).pollOnce();

        assertThat(committed(P0)).isEqualTo(1L);
        assertThat(channel.deliveryIds()).hasSize(2);
        assertThat(ledger.history()).extracting(r -> r.value().getAlertId() + ":" + r.value().getOutcome())
                .containsExactly("a-1:delivered", "a-2:retrying");
    }

    @Test
    void readsAgainFromTheFirstUnfinishedRecordOfEveryPartitionWhenTheRegistryIsUnreachable() {
        AtomicInteger failures = new AtomicInteger();
        Deserializer<Alert> registryDownOnce = (topic, data) -> {
            Alert alert = alertDeserializer.deserialize(topic, data);
            if (alert.getAlertId().equals("a-2") && failures.incrementAndGet() == 1) {
                throw new SerializationException("Unknown schema id 1: registry unreachable",
                        new SerializationException("unreachable", new ConnectException("Connection refused")));
            }
            return alert;
        };
        ScriptedChannel channel = new ScriptedChannel();
        add(P0, 0, alert("a-1"));
        add(P0, 1, alert("a-2"));
        add(P1, 0, alert("b-1"));
        AlertLoop loop = loop(channel, ledger, registryDownOnce, pause -> true);

        loop.pollOnce();

        assertThat(committed(P0)).isEqualTo(1L);
        assertThat(consumer.position(P0)).isEqualTo(1L);
        long p1Done = channel.deliveryIds().size() - 1;
        assertThat(committed(P1)).isEqualTo(p1Done == 0 ? null : 1L);
        assertThat(consumer.position(P1)).isEqualTo(p1Done);
        assertThat(ledger.history()).hasSize(channel.deliveryIds().size());

        add(P0, 1, alert("a-2"));
        add(P1, 0, alert("b-1"));
        loop.pollOnce();

        assertThat(channel.deliveryIds()).hasSize(3);
        assertThat(committed(P0)).isEqualTo(2L);
        assertThat(committed(P1)).isEqualTo(1L);
    }

    @Test
    void keepsGoingWhenTheCommitIsLostToARebalance() {
        MockConsumer<String, byte[]> rebalancing = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                throw new CommitFailedException("group rebalanced");
            }
        };
        rebalancing.assign(List.of(P0));
        rebalancing.updateBeginningOffsets(Map.of(P0, 0L));
        rebalancing.addRecord(new ConsumerRecord<>(ALERTS, 0, 0, "did:web:x", alertSerializer.serialize(ALERTS, alert("a-1"))));
        ScriptedChannel channel = new ScriptedChannel();
        AlertLoop loop = new AlertLoop(rebalancing, ledger, alertDeserializer, List.of(delivery(channel, pause -> true)),
                new AlertLoop.Topics(ALERTS, LEDGER), stop, registry, Clock.systemUTC(), Duration.ZERO);

        loop.pollOnce();

        assertThat(channel.deliveryIds()).hasSize(1);
        assertThat(ledger.history()).hasSize(1);
    }

    @Test
    void runSubscribesToTheAlertsAndClosesBothClientsWhenStopped() {
        MockConsumer<String, byte[]> fresh = new MockConsumer<>("earliest");
        stop.stop();

        new AlertLoop(fresh, ledger, alertDeserializer, List.of(), new AlertLoop.Topics(ALERTS, LEDGER), stop, registry,
                Clock.systemUTC(), Duration.ZERO).run();

        assertThat(fresh.subscription()).containsExactly(ALERTS);
        assertThat(fresh.closed()).isTrue();
        assertThat(ledger.closed()).isTrue();
    }

    private AlertLoop loop(ScriptedChannel channel, MockProducer<String, NotificationRecord> producer,
                           Deserializer<Alert> decoder, Sleeper sleeper) {
        return new AlertLoop(consumer, producer, decoder, List.of(delivery(channel, sleeper)), new AlertLoop.Topics(ALERTS, LEDGER),
                stop, registry, Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC), Duration.ZERO);
    }

    private ChannelDelivery delivery(ScriptedChannel channel, Sleeper sleeper) {
        return new ChannelDelivery("test", channel, Severity.low, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10)),
                new DeliveryRuntime(sleeper, registry, Clock.systemUTC(), () -> 0.0));
    }

    private static Alert alert(String id) {
        return TestAlerts.scopeEscalation().setAlertId(id).build();
    }

    private void add(TopicPartition partition, long offset, Alert alert) {
        add(partition, offset, alertSerializer.serialize(ALERTS, alert));
    }

    private void add(TopicPartition partition, long offset, byte[] value) {
        consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "did:web:x", value));
    }

    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? null : offset.offset();
    }

    /** Notes each delivery in the shared list of steps, so the test sees deliveries, flush and commit in order. */
    private final class StepChannel extends ScriptedChannel {
        @Override
        public DeliveryResult send(Alert alert, String deliveryId) throws IOException {
            steps.add("deliver");
            return super.send(alert, deliveryId);
        }
    }
}
