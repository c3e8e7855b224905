package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.AvroSerde;
import dev.vigil.serde.HttpSchemaRegistryClient;
import dev.vigil.serde.SchemaRegistries;
import dev.vigil.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry outage is not bad input: events must wait for the registry, never be dead-lettered, and the
 * agent registry must never be silently emptied (which would raise unknown_agent for every agent).
 */
class RegistryOutageTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String AGENT = "did:web:agents.example.com:billing-bot";

    @TempDir
    Path stateDir;

    @Test
    void eventsWaitOutAnOutageInsteadOfGoingToTheDeadLetterTopic() throws Exception {
        try (SwitchableRegistry registry = new SwitchableRegistry()) {
            Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 1);
            // The producer's own client, so the topology's client has to ask the registry for the event schema.
            HttpSchemaRegistryClient producerClient = new HttpSchemaRegistryClient(registry.url());
            AvroSerde<AgentEvent> events = new AvroSerde<>(AgentEvent.class, producerClient);
            AvroSerde<AgentProfile> profiles = new AvroSerde<>(AgentProfile.class, producerClient);
            AgentEvent escalation = Events.authorization("auth-1", AGENT, T0, List.of("repo:read", "admin:org"));
            events.serializer().serialize(topics.events(), escalation);
            kafka.produce(topics.agents(), AGENT, Events.profile(AGENT, List.of("repo:read")), profiles.serializer());

            try (TopologyApp app = new TopologyApp(new TopologyConfig(config(topics, registry.url())))) {
                app.start();
                await().atMost(TIMEOUT).until(() -> app.state() == KafkaStreams.State.RUNNING);

                registry.down(true);
                kafka.produce(topics.events(), AGENT, escalation, events.serializer());
                await().atMost(TIMEOUT).until(() -> registry.refused() >= 3);
                registry.down(false);

                Alert alert = kafka.awaitRecord(topics.alerts(), new AvroSerde<>(Alert.class, SchemaRegistries.forUrl(registry.url()))
                        .deserializer(), r -> r.value().getRuleId().equals("scope_escalation"), TIMEOUT).value();
                assertThat(alert.getEvidence().getEventIds()).containsExactly("auth-1");
            }
            kafka.produceBytes(topics.eventsDlq(), "sentinel", "end".getBytes(StandardCharsets.UTF_8));
            List<ConsumerRecord<String, byte[]>> deadLetters = kafka.consume(topics.eventsDlq(), new ByteArrayDeserializer(), 1, TIMEOUT);
            assertThat(deadLetters).as("nothing but the sentinel was dead-lettered").extracting(ConsumerRecord::key)
                    .containsOnly("sentinel");
        }
    }

    @Test
    void anOutageAtStartNeverMakesARegisteredAgentLookUnknown() throws Exception {
        try (SwitchableRegistry registry = new SwitchableRegistry()) {
            Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 1);
            HttpSchemaRegistryClient producerClient = new HttpSchemaRegistryClient(registry.url());
            AvroSerde<AgentEvent> events = new AvroSerde<>(AgentEvent.class, producerClient);
            AvroSerde<AgentProfile> profiles = new AvroSerde<>(AgentProfile.class, producerClient);
            kafka.produce(topics.agents(), AGENT, Events.profile(AGENT, List.of("repo:read")), profiles.serializer());
            kafka.produce(topics.events(), AGENT, Events.authorization("auth-2", AGENT, T0, List.of("repo:read", "admin:org")),
                    events.serializer());
            registry.down(true);

            try (TopologyApp app = new TopologyApp(new TopologyConfig(config(topics, registry.url())))) {
                app.start();
                await().atMost(TIMEOUT).until(() -> registry.refused() >= 3);
                registry.down(false);

                // Had the profile been skipped, this event would raise unknown_agent and never scope_escalation,
                // which needs the profile's registered scopes; both come from the same event, in order.
                List<ConsumerRecord<String, Alert>> alerts = kafka.consume(topics.alerts(),
                        new AvroSerde<>(Alert.class, SchemaRegistries.forUrl(registry.url())).deserializer(), 1, TIMEOUT);
                assertThat(alerts).extracting(r -> r.value().getRuleId()).containsExactly("scope_escalation");
            }
        }
    }

    private Map<String, Object> config(Topics topics, String registryUrl) {
        Map<String, Object> raw = RealBrokerConfig.of(kafka, topics, registryUrl, stateDir, "vigil-outage");
        // A failed stream thread is replaced; a short session lets the replacement take the task over sooner.
        raw.put("kafka.session.timeout.ms", "6000");
        raw.put("kafka.heartbeat.interval.ms", "1000");
        return raw;
    }
}
