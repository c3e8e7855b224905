package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicMisconfiguredException;
import dev.vigil.serde.AvroSerde;
import dev.vigil.serde.SchemaRegistries;
import dev.vigil.testkit.KafkaClusterExtension;
import dev.vigil.topology.ingest.DeadLetterHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The app on a real broker: exactly-once, topics, re-keying through a real repartition topic, DLQ, /health. */
class TopologyAppTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String REGISTERED = "did:web:agents.example.com:billing-bot";
    private static final String GHOST = "did:web:agents.example.com:ghost";

    @TempDir
    Path stateDir;

    @Test
    void detectsOnARealBrokerAndReportsHealthy() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        AvroSerde<AgentEvent> events = new AvroSerde<>(AgentEvent.class, SchemaRegistries.forUrl(registry));
        AvroSerde<AgentProfile> profiles = new AvroSerde<>(AgentProfile.class, SchemaRegistries.forUrl(registry));
        AvroSerde<Alert> alerts = new AvroSerde<>(Alert.class, SchemaRegistries.forUrl(registry));
        kafka.produce(topics.agents(), REGISTERED, Events.profile(REGISTERED, List.of("repo:read")), profiles.serializer());

        try (TopologyApp app = new TopologyApp(new TopologyConfig(config(topics, registry)))) {
            app.start();
            await().atMost(TIMEOUT).until(() -> app.state() == KafkaStreams.State.RUNNING);

            kafka.produce(topics.events(), REGISTERED,
                    Events.authorization("auth-1", REGISTERED, T0, List.of("repo:read", "admin:org")), events.serializer());
            kafka.produce(topics.events(), "not-the-agent", Events.toolCall("ghost-1", GHOST, T0), events.serializer());
            kafka.produceBytes(topics.events(), "poison", "not avro".getBytes(StandardCharsets.UTF_8));

            ConsumerRecord<String, Alert> scope = kafka.awaitRecord(topics.alerts(), alerts.deserializer(),
                    r -> r.value().getRuleId().equals("scope_escalation"), TIMEOUT);
            assertThat(scope.key()).isEqualTo(REGISTERED);
            assertThat(scope.value().getDescription()).contains("admin:org");
            ConsumerRecord<String, Alert> ghost = kafka.awaitRecord(topics.alerts(), alerts.deserializer(),
                    r -> r.value().getRuleId().equals("unknown_agent"), TIMEOUT);
            assertThat(ghost.key()).as("re-keyed through the repartition topic").isEqualTo(GHOST);
            assertThat(ghost.value().getEvidence().getTopic()).isEqualTo(topics.events());
            ConsumerRecord<String, byte[]> dead = kafka.awaitRecord(topics.eventsDlq(), new ByteArrayDeserializer(),
                    r -> "poison".equals(r.key()), TIMEOUT);
            assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .startsWith("Cannot read the value as AgentEvent");

            HttpResponse<String> health = get(app.opsPort(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            String metrics = get(app.opsPort(), "/metrics").body();
            assertThat(metrics).contains("vigil_events_total{type=\"authorization\"} 1.0")
                    .contains("vigil_dlq_total{reason=\"undecodable\"} 1.0")
                    .contains("vigil_alerts_total{rule=\"unknown_agent\",severity=\"critical\"}")
                    .contains("kafka_stream_");

            app.close();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            app.close();
        }
    }

    @Test
    void refusesToStartOnAnAlertEventsTopicPartitionedUnlikeTheEventsTopic() {
        Topics topics = kafka.uniqueTopics();
        kafka.createTopic(topics.events(), 2, Map.of());
        kafka.createTopic(topics.alertEvents(), 3, Map.of());

        try (TopologyApp app = new TopologyApp(new TopologyConfig(config(topics, kafka.registryUrl())))) {
            assertThatThrownBy(app::start).isInstanceOf(TopicMisconfiguredException.class)
                    .hasMessageContaining(topics.alertEvents()).hasMessageContaining("partition");
            assertThat(app.state()).as("Kafka Streams never created").isNull();
        }
    }

    private Map<String, Object> config(Topics topics, String registry) {
        return RealBrokerConfig.of(kafka, topics, registry, stateDir, "vigil-topology");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
