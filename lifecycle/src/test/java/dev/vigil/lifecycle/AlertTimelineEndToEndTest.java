package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.audit.AuditChain;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts API on a real broker: an alert resolved, reopened, commented and assigned through the API (each event on
 * the lifecycle topic, on the tenant's audit chain), and a delivery from the ledger topic in the alert's timeline.
 */
class AlertTimelineEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:timeline-agent";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void anAlertIsReopenedCommentedAndAssignedAndItsTimelineShowsTheLedger() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Alert alert = Fixtures.alert("tl-alert-1", AGENT, Severity.high, Instant.parse("2025-03-01T10:00:00Z"));

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry)))) {
            app.start();
            await().atMost(WAIT).until(() -> get(app, "/health").statusCode() == 200);
            kafka.produce(topics.alerts(), AGENT, alert, serdes.valueSerde(Alert.class).serializer());
            kafka.produce(topics.notifications(), "tl-alert-1", delivery(alert),
                    serdes.valueSerde(NotificationRecord.class).serializer());
            await().atMost(WAIT).until(() -> get(app, "/v1/alerts/tl-alert-1").statusCode() == 200);

            assertThat(post(app, "/v1/alerts/tl-alert-1/resolve", "{\"resolution\": \"benign\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> reopened = post(app, "/v1/alerts/tl-alert-1/reopen", "{\"note\": \"it is back\"}");
            assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
            assertThat(json(reopened).get("status").asText()).isEqualTo("open");
            assertThat(post(app, "/v1/alerts/tl-alert-1/comment", "{\"note\": \"checking\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> assigned = post(app, "/v1/alerts/tl-alert-1/assign", "{\"assignee\": \"dave\"}");
            assertThat(json(assigned).get("assignee").asText()).isEqualTo("dave");
            assertThat(post(app, "/v1/alerts/tl-alert-1/reopen", "{}").statusCode()).isEqualTo(409);

            ConsumerRecord<String, AlertLifecycleEvent> assign = kafka.awaitRecord(topics.alertEvents(),
                    serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                    r -> r.value().getAction() == LifecycleAction.ASSIGN, WAIT);
            assertThat(assign.key()).isEqualTo(AGENT);
            assertThat(assign.value().getAssignee()).isEqualTo("dave");
            assertThat(AuditChain.intact(assign.value())).as("on its tenant's audit chain").isTrue();
            assertThat(assign.value().getPreviousHash()).as("chained after the comment").isNotNull();

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode timeline = json(get(app, "/v1/alerts/tl-alert-1")).get("timeline");
                assertThat(timeline.findValuesAsText("type")).containsExactly("detection", "notification",
                        "lifecycle", "lifecycle", "lifecycle", "lifecycle");
                assertThat(timeline.get(1).get("channel").asText()).isEqualTo("pagerduty-oncall");
                assertThat(timeline.get(1).get("status").asText()).isEqualTo("delivered");
                assertThat(timeline.findValuesAsText("action")).containsExactly("RESOLVE", "REOPEN", "COMMENT", "ASSIGN");
            });
        }
    }

    private static NotificationRecord delivery(Alert alert) {
        return NotificationRecord.newBuilder()
                .setDeliveryId("d-tl-1").setAlertId(alert.getAlertId()).setChannel("pagerduty-oncall")
                .setChannelType("pagerduty").setTrigger("alert").setAttempt(1).setOutcome(DeliveryOutcome.delivered)
                .setStatusCode(202).setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId())
                .setRuleId(alert.getRuleId()).setSeverity(alert.getSeverity())
                .setAttemptedAt(alert.getFirstSeen().plusSeconds(1)).build();
    }

    private Map<String, Object> config(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("lifecycle-timeline-e2e"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
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

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
