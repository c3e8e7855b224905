package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility routes and the metrics API of the running service on a real broker, over the Kafka Streams view:
 * an alert on the topic is listed as unacknowledged, acknowledged through {@code /v1/anomalies/{id}/acknowledge} (the
 * event reaches the topic), then left out of the unacknowledged list and of {@code detect}, and counted by the metrics.
 */
class CompatibilityEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:compat-agent";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void anAnomalyOnTheTopicIsListedAcknowledgedAndCounted() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Instant detectedAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        Alert recent = Fixtures.alert("compat-1", AGENT, Severity.critical, detectedAt);
        Alert old = Fixtures.alert("compat-old", AGENT, Severity.low, detectedAt.minus(Duration.ofDays(20)));

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry)))) {
            app.start();
            await().atMost(WAIT).until(() -> send(app, "GET", "/health").statusCode() == 200);
            kafka.produce(topics.alerts(), AGENT, old, serdes.valueSerde(Alert.class).serializer());
            kafka.produce(topics.alerts(), AGENT, recent, serdes.valueSerde(Alert.class).serializer());

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode listed = json(send(app, "GET", "/v1/anomalies?unacknowledged=true"));
                assertThat(listed.get("total").asInt()).isEqualTo(2);
                assertThat(listed.get("anomalies").get(0).get("id").asText()).isEqualTo("compat-1");
                assertThat(listed.get("anomalies").get(0).get("acknowledgedAt").isNull()).isTrue();
            });

            HttpResponse<String> ack = send(app, "POST", "/v1/anomalies/compat-1/acknowledge");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(json(ack).get("acknowledgedAt").isNull()).isFalse();
            ConsumerRecord<String, AlertLifecycleEvent> event = kafka.awaitRecord(topics.alertEvents(),
                    serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                    r -> r.value().getAction() == LifecycleAction.ACKNOWLEDGE, WAIT);
            assertThat(event.value().getAlertId()).isEqualTo("compat-1");

            JsonNode unacknowledged = json(send(app, "GET", "/v1/anomalies?unacknowledged=true"));
            assertThat(unacknowledged.get("total").asInt()).isEqualTo(1);
            assertThat(unacknowledged.get("anomalies").get(0).get("id").asText()).isEqualTo("compat-old");
            JsonNode detect = json(send(app, "POST", "/v1/anomalies/detect"));
            assertThat(detect.get("total").asInt()).isEqualTo(1);
            JsonNode metrics = json(send(app, "GET", "/v1/anomalies/metrics?window=7d"));
            assertThat(metrics.get("totalAlerts").asInt()).isEqualTo(1);
            assertThat(metrics.get("openAlerts").asInt()).isZero();
            assertThat(metrics.get("bySeverity").get("critical").asInt()).isEqualTo(1);
            assertThat(metrics.get("byRule").get("velocity_spike").asInt()).isEqualTo(1);
            assertThat(json(send(app, "GET", "/v1/anomalies/metrics?window=30d")).get("totalAlerts").asInt())
                    .isEqualTo(2);
        }
    }

    private Map<String, Object> config(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("lifecycle-compat"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        return values;
    }

    private HttpResponse<String> send(LifecycleApp app, String method, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("X-Vigil-Actor", "alice")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
