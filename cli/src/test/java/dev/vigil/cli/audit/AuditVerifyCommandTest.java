package dev.vigil.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.cli.Cli;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.lifecycle.audit.ChainingEventWriter;
import dev.vigil.lifecycle.audit.LifecycleTopicReader;
import dev.vigil.lifecycle.audit.TopicChainHeads;
import dev.vigil.lifecycle.command.KafkaLifecycleEventWriter;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil audit verify} on a real broker: events written through the lifecycle service's writer verify as
 * intact; a tampered copy of one (same eventId, changed note, old hash) is named, and the exit status is 1.
 */
class AuditVerifyCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Topics topics;
    private Path config;
    private LifecycleConfig settings;
    private SerdeFactory serdes;

    @BeforeEach
    void topicsAndConfig() throws IOException {
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 3);
        String registry = KAFKA.registryUrl();
        serdes = SerdeFactory.forRegistry(registry);
        Properties values = new Properties();
        topics.asConfig().forEach((k, v) -> values.setProperty(k, String.valueOf(v)));
        values.setProperty(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        values.setProperty(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        config = dir.resolve("lifecycle.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            values.store(out, null);
        }
        Map<String, Object> map = new HashMap<>();
        values.forEach((k, v) -> map.put((String) k, v));
        settings = new LifecycleConfig(map);
    }

    @Test
    void eventsWrittenByTheLifecycleWriterAreIntactAndATamperedCopyIsNamed() {
        writeThroughTheLifecycleWriter(
                event("acme", "agent-1", "ack-1", LifecycleAction.ACKNOWLEDGE, "on it"),
                event("acme", "agent-2", "ack-2", LifecycleAction.ACKNOWLEDGE, "looking"),
                event("globex", "agent-3", "res-1", LifecycleAction.RESOLVE, "benign"),
                event("acme", "agent-1", "res-2", LifecycleAction.RESOLVE, "contained"));
        Serializer<AlertLifecycleEvent> serializer = serdes.valueSerde(AlertLifecycleEvent.class).serializer();
        KAFKA.produce(topics.alertEvents(), "agent-4", event("acme", "agent-4", "cascade-1", LifecycleAction.HALT, null)
                .setActor("vigil:cascade").build(), serializer);

        Cli.Result intact = Cli.run("audit", "verify", "--config", config.toString());

        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).isEqualTo("chain intact, 5 events (2 tenants, 1 unchained)" + System.lineSeparator());
        assertThat(intact.err()).contains("read from " + topics.alertEvents() + ": 5/5");

        ConsumerRecord<String, AlertLifecycleEvent> original = KAFKA.awaitRecord(topics.alertEvents(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer(), r -> r.value().getEventId().equals("ack-2"), WAIT);
        AlertLifecycleEvent tampered = AlertLifecycleEvent.newBuilder(original.value()).setNote("false alarm, ignore").build();
        RecordMetadata copy = KAFKA.produce(topics.alertEvents(), original.key(), tampered, serializer);

        Cli.Result broken = Cli.run("audit", "verify", "--config", config.toString());

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out().lines()).containsExactly(
                "broken link: tenant acme: event ack-2 at " + topics.alertEvents() + "/" + copy.partition() + "@" + copy.offset()
                        + ": tampered: its hash " + original.value().getHash() + " does not match its content",
                "chain broken in 1 of 2 tenants, 6 events (2 tenants, 1 unchained)");

        Cli.Result otherTenant = Cli.run("audit", "verify", "--config", config.toString(), "--tenant", "globex");

        assertThat(otherTenant.exitCode()).isZero();
        assertThat(otherTenant.out()).isEqualTo("chain intact, 1 event (1 tenant, 0 unchained)" + System.lineSeparator());
    }

    @Test
    void aLifecycleTopicThatDoesNotExistIsReported() {
        String missing = KAFKA.uniqueName("no-such-alert-events");

        Cli.Result result = Cli.run("audit", "verify", "--config", config.toString(), "--set", Topics.ALERT_EVENTS + "=" + missing);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("topic " + missing + " does not exist");
    }

    @Test
    void aBadSettingIsAConfigurationError() {
        Cli.Result result = Cli.run("audit", "verify", "--config", config.toString(), "--set", "vigil.lifecycle.http.port=-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("configuration error").contains("vigil.lifecycle.http.port");
    }

    private void writeThroughTheLifecycleWriter(AlertLifecycleEvent.Builder... events) {
        Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (Producer<String, AlertLifecycleEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer())) {
            ChainingEventWriter writer = new ChainingEventWriter(
                    new KafkaLifecycleEventWriter(producer, topics.alertEvents(), WAIT),
                    new TopicChainHeads(LifecycleTopicReader.of(settings), topics.alertEvents(), producer::flush));
            for (AlertLifecycleEvent.Builder event : events) {
                writer.write(event.build());
            }
        }
    }

    private static AlertLifecycleEvent.Builder event(String tenant, String agent, String eventId, LifecycleAction action,
                                                     String note) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(action)
                .setAlertId(action == LifecycleAction.HALT ? null : "alert-" + agent).setTenantId(tenant).setAgentId(agent)
                .setActor("alice").setNote(note).setOccurredAt(Instant.parse("2025-03-01T10:00:00Z"));
    }
}
