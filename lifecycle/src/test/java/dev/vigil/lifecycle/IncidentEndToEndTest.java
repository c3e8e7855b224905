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
import dev.vigil.lifecycle.audit.AuditChain;
import dev.vigil.lifecycle.view.Incident;
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
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents of the running service on a real broker: alerts on the topic grouped with the configured gap, an incident
 * moved forward and closed through the API (its events on the lifecycle topic, keyed by agent and on the tenant's audit
 * chain), a backward move refused; then a second service with a new application id rebuilds the view from the topics
 * alone and names the incidents exactly as the first did.
 */
class IncidentEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:incident-agent";
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void alertsAreGroupedUpdatedThroughTheApiAndRebuiltWithTheSameIds() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        String first = Incident.idOf("tenant-a", AGENT, "inc-e2e-1");
        String second = Incident.idOf("tenant-a", AGENT, "inc-e2e-3");

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry, "one")))) {
            app.start();
            await().atMost(WAIT).until(() -> send(app, "GET", "/health", null).statusCode() == 200);
            for (Alert alert : List.of(
                    Fixtures.alert("inc-e2e-1", AGENT, Severity.medium, T),
                    Fixtures.alert("inc-e2e-2", AGENT, Severity.critical, T.plus(Duration.ofMinutes(10))),
                    Fixtures.alert("inc-e2e-3", AGENT, Severity.low, T.plus(Duration.ofMinutes(20)).plusMillis(1)))) {
                kafka.produce(topics.alerts(), AGENT, alert, serdes.valueSerde(Alert.class).serializer());
            }

            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(ids(json(send(app, "GET", "/v1/incidents", null)))).containsExactly(second, first));
            JsonNode incident = json(send(app, "GET", "/v1/incidents/" + first, null));
            assertThat(incident.get("severity").asText()).isEqualTo("critical");
            assertThat(incident.get("alerts")).extracting(a -> a.get("alertId").asText())
                    .containsExactly("inc-e2e-2", "inc-e2e-1");

            HttpResponse<String> investigate = send(app, "PATCH", "/v1/incidents/" + first,
                    "{\"status\": \"investigating\", \"note\": \"looking at the tool calls\"}");
            assertThat(investigate.statusCode()).as(investigate.body()).isEqualTo(200);
            assertThat(json(investigate).get("status").asText()).isEqualTo("investigating");
            ConsumerRecord<String, AlertLifecycleEvent> event = kafka.awaitRecord(topics.alertEvents(),
                    serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                    r -> r.value().getAction() == LifecycleAction.INCIDENT_UPDATE, WAIT);
            assertThat(event.key()).isEqualTo(AGENT);
            assertThat(event.value().getIncidentId()).isEqualTo(first);
            assertThat(event.value().getIncidentStatus()).isEqualTo("investigating");
            assertThat(event.value().getActor()).isEqualTo("alice");
            assertThat(event.value().getAlertId()).isNull();
            assertThat(AuditChain.intact(event.value())).as("on its tenant's audit chain").isTrue();

            HttpResponse<String> close = send(app, "PATCH", "/v1/incidents/" + first,
                    "{\"status\": \"closed\", \"note\": \"the nightly job, rescheduled\"}");
            assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
            HttpResponse<String> back = send(app, "PATCH", "/v1/incidents/" + first, "{\"status\": \"contained\"}");
            assertThat(back.statusCode()).isEqualTo(409);
            assertThat(get(app, "/metrics")).contains("vigil_lifecycle_records_skipped_total{reason=\"unknown_alert\"} 0.0");
        }

        try (LifecycleApp rebuilt = new LifecycleApp(new LifecycleConfig(config(topics, registry, "two")))) {
            rebuilt.start();
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode closed = json(send(rebuilt, "GET", "/v1/incidents?status=closed", null));
                assertThat(ids(closed)).containsExactly(first);
            });
            assertThat(ids(json(send(rebuilt, "GET", "/v1/incidents?status=open", null)))).containsExactly(second);
            assertThat(json(send(rebuilt, "GET", "/v1/incidents/" + first, null)).get("notes")).hasSize(2);
        }
    }

    private Map<String, Object> config(Topics topics, String registry, String instance) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("lifecycle-incidents-" + instance));
        values.put(LifecycleConfig.STATE_DIR, stateDir.resolve(instance).toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        values.put(LifecycleConfig.INCIDENTS_GAP, "10m");
        return values;
    }

    private String get(LifecycleApp app, String path) throws IOException, InterruptedException {
        return send(app, "GET", path, null).body();
    }

    private HttpResponse<String> send(LifecycleApp app, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("X-Vigil-Actor", "alice")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode body) {
        return StreamSupport.stream(body.get("incidents").spliterator(), false)
                .map(n -> n.get("incidentId").asText()).toList();
    }
}
