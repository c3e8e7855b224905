package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.SseTestClient.Message;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live stream on a real broker: an alert produced to the alerts topic is {@code anomaly.detected} on the stream,
 * an acknowledgement through the API is {@code alert.acknowledged}, and a resolution made while the client was away
 * reaches it when it comes back with its Last-Event-ID.
 */
class EventStreamEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:sse-agent";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void anAlertOnTheTopicAndTheDecisionsAboutItReachTheStream() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Alert alert = Fixtures.alert("sse-alert-1", AGENT, Severity.critical, Instant.parse("2025-03-01T10:00:00Z"));

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry)))) {
            app.start();
            await().atMost(WAIT).until(() -> get(app, "/health").statusCode() == 200);
            Message acknowledged;
            try (SseTestClient client = SseTestClient.connect(URI.create(app.baseUrl()
                    + "/v1/events/stream?types=anomaly.detected,alert.acknowledged,alert.resolved"))) {
                kafka.produce(topics.alerts(), AGENT, alert, serdes.valueSerde(Alert.class).serializer());

                Message detected = client.nextEvent(WAIT);
                assertThat(detected.event()).isEqualTo("anomaly.detected");
                JsonNode data = JSON.readTree(detected.data());
                assertThat(data.get("alertId").asText()).isEqualTo("sse-alert-1");
                assertThat(data.get("alert").get("severity").asText()).isEqualTo("critical");

                await().atMost(WAIT).until(() -> get(app, "/v1/alerts/sse-alert-1").statusCode() == 200);
                assertThat(post(app, "/v1/alerts/sse-alert-1/acknowledge", "{\"note\":\"on it\"}").statusCode())
                        .isEqualTo(200);
                acknowledged = client.nextEvent(WAIT);
                assertThat(acknowledged.event()).isEqualTo("alert.acknowledged");
                assertThat(JSON.readTree(acknowledged.data()).get("actor").asText()).isEqualTo("alice");
            }

            assertThat(post(app, "/v1/alerts/sse-alert-1/resolve",
                    "{\"note\":\"contained\",\"resolution\":\"true_positive\"}").statusCode()).isEqualTo(200);

            try (SseTestClient back = SseTestClient.connect(URI.create(app.baseUrl() + "/v1/events/stream"),
                    "Last-Event-ID", acknowledged.id())) {
                Message resolved = back.nextEvent(WAIT);
                assertThat(resolved.event()).isEqualTo("alert.resolved");
                assertThat(JSON.readTree(resolved.data()).get("resolution").asText()).isEqualTo("true_positive");
            }
            assertThat(get(app, "/metrics").body()).contains("vigil_lifecycle_stream_journal_events 3.0");
        }
    }

    private Map<String, Object> config(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("lifecycle-sse-e2e"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        values.put(LifecycleConfig.STREAM_HEARTBEAT, "500ms");
        return values;
    }

    private HttpResponse<String> get(LifecycleApp app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(LifecycleApp app, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Vigil-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
