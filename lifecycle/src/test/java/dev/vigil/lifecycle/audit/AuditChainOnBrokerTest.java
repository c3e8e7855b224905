package dev.vigil.lifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.lifecycle.command.KafkaLifecycleEventWriter;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chain on a real broker: the lifecycle writer chains its writes across partitions, a new writer (a restart)
 * continues from the topic, and verification follows the links and counts what is not chained.
 */
class AuditChainOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Topics topics;
    private LifecycleConfig config;
    private Serializer<AlertLifecycleEvent> serializer;
    private SerdeFactory serdes;

    @BeforeEach
    void topics() {
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 3);
        String registry = KAFKA.registryUrl();
        Map<String, Object> values = new HashMap<>(topics.asConfig());
        values.put(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        config = new LifecycleConfig(values);
        serdes = SerdeFactory.forRegistry(registry);
        serializer = serdes.valueSerde(AlertLifecycleEvent.class).serializer();
    }

    @Test
    void chainsWritesAcrossPartitionsAndResumesAfterARestart() {
        try (Producer<String, AlertLifecycleEvent> producer = producer()) {
            ChainingEventWriter writer = writer(producer);
            writer.write(event("acme", "agent-1", "e1"));
            writer.write(event("acme", "agent-2", "e2"));
            writer.write(event("globex", "agent-9", "g1"));
            writer.write(event("acme", "agent-3", "e3"));
        }
        KAFKA.produce(topics.alertEvents(), "agent-4", event("acme", "agent-4", "cascade"), serializer);
        KAFKA.produceBytes(topics.alertEvents(), "agent-5", "not avro".getBytes(StandardCharsets.UTF_8));

        try (Producer<String, AlertLifecycleEvent> producer = producer()) {
            writer(producer).write(event("acme", "agent-1", "e4"));
        }

        Map<String, AlertLifecycleEvent> written = new HashMap<>();
        for (ConsumerRecord<String, AlertLifecycleEvent> r : KAFKA.consume(topics.alertEvents(),
                (topic, bytes) -> decodeOrNull(topic, bytes), 7, WAIT)) {
            if (r.value() != null) {
                written.put(r.value().getEventId(), r.value());
            }
        }
        assertThat(written.get("e1").getPreviousHash()).isNull();
        assertThat(written.get("e2").getPreviousHash()).isEqualTo(written.get("e1").getHash());
        assertThat(written.get("e3").getPreviousHash()).isEqualTo(written.get("e2").getHash());
        assertThat(written.get("e4").getPreviousHash()).isEqualTo(written.get("e3").getHash());
        assertThat(written.get("g1").getPreviousHash()).isNull();
        assertThat(written.get("cascade").getHash()).isNull();

        AtomicLong total = new AtomicLong(-1);
        AuditReport report = AuditVerify.of(config).run(null, new LifecycleTopicReader.Listener() {
            @Override
            public void started(long records) {
                total.set(records);
            }
        });
        assertThat(report.summary()).isEqualTo("chain intact, 6 events (2 tenants, 1 unchained)");
        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(total).hasValue(7);
        assertThat(AuditVerify.of(config).run("globex", new LifecycleTopicReader.Listener() { }).summary())
                .isEqualTo("chain intact, 1 event (1 tenant, 0 unchained)");
    }

    @Test
    void aTamperedCopyOnTheTopicIsReportedWhereItIs() {
        try (Producer<String, AlertLifecycleEvent> producer = producer()) {
            ChainingEventWriter writer = writer(producer);
            writer.write(event("acme", "agent-1", "e1"));
            writer.write(event("acme", "agent-2", "e2"));
        }
        AlertLifecycleEvent original = KAFKA.awaitRecord(topics.alertEvents(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer(), r -> r.value().getEventId().equals("e1"), WAIT).value();
        var copy = KAFKA.produce(topics.alertEvents(), "agent-1",
                AlertLifecycleEvent.newBuilder(original).setNote("never mind").build(), serializer);

        AuditReport report = AuditVerify.of(config).run(null, new LifecycleTopicReader.Listener() { });

        assertThat(report.breaks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(ChainBreak.Kind.TAMPERED);
            assertThat(b.eventId()).isEqualTo("e1");
            assertThat(b.at()).isEqualTo(new EventLocation(topics.alertEvents(), copy.partition(), copy.offset()));
        });
    }

    @Test
    void aMissingTopicIsNamed() {
        LifecycleTopicReader reader = LifecycleTopicReader.of(config);
        String missing = KAFKA.uniqueName("no-such-events");

        assertThatThrownBy(() -> new AuditVerify(reader, missing).run(null, new LifecycleTopicReader.Listener() { }))
                .hasMessage("topic " + missing + " does not exist");
    }

    private ChainingEventWriter writer(Producer<String, AlertLifecycleEvent> producer) {
        return new ChainingEventWriter(new KafkaLifecycleEventWriter(producer, topics.alertEvents(), WAIT),
                new TopicChainHeads(LifecycleTopicReader.of(config), topics.alertEvents(), producer::flush));
    }

    private Producer<String, AlertLifecycleEvent> producer() {
        Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    private AlertLifecycleEvent decodeOrNull(String topic, byte[] bytes) {
        try {
            return serdes.valueSerde(AlertLifecycleEvent.class).deserializer().deserialize(topic, bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static AlertLifecycleEvent event(String tenant, String agent, String eventId) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(LifecycleAction.COMMENT).setAlertId("a-" + eventId)
                .setTenantId(tenant).setAgentId(agent).setActor(eventId.equals("cascade") ? "vigil:cascade" : "alice")
                .setNote("note " + eventId).setOccurredAt(Instant.parse("2025-03-01T10:00:00Z")).build();
    }
}
