package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AlertCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The routes of the common anomaly API and the metrics API on a started server with API keys: the anomaly shape field by
 * field, the unacknowledged filter, acknowledge, detect, metrics, 400s, and tenant isolation on every route.
 */
class CompatibilityApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final Alert a1 = Alert.newBuilder(AnomalyMetricsTest.alert("a-1", "tenant-a", "velocity_spike", Severity.high,
            NOW.minus(Duration.ofHours(1)))).setPrincipalId("user:alice@example.com").build();
    private final Alert a2 = AnomalyMetricsTest.alert("a-2", "tenant-a", "geo_anomaly", Severity.critical,
            NOW.minus(Duration.ofDays(2)));
    private final Alert aOld = AnomalyMetricsTest.alert("a-old", "tenant-a", "velocity_spike", Severity.low,
            NOW.minus(Duration.ofDays(10)));
    private final Alert b1 = AnomalyMetricsTest.alert("b-1", "tenant-b", "token_replay", Severity.medium,
            NOW.minus(Duration.ofMinutes(30)));
    private final InMemoryViews views = new InMemoryViews().add(a1).add(a2).add(aOld).add(b1);
    private final RecordingWriter writer = new RecordingWriter(views);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created viewerA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created responderA = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");
    private final ApiKeys.Created responderB = ApiKeys.create("tenant-b", Role.RESPONDER, "bob");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        ApiKeys keys = ApiKeys.of(List.of(viewerA.entry(), responderA.entry(), responderB.entry(), operator.entry()));
        AlertCommands commands = new AlertCommands(views, writer, Clock.systemUTC(), Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands).build(),
                OpsServer.newRegistry(), () -> null, keys);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- shape and list ----

    @Test
    void anAnomalyHasTheCommonShapeFieldByField() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/anomalies", responderA.key(), null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = byId(JSON.readTree(r.body()).get("anomalies")).get("a-1");
        assertThat(fieldNames(a)).containsExactly("id", "type", "severity", "agentId", "principalId", "description",
                "metadata", "detectedAt", "acknowledgedAt");
        assertThat(a.get("id").asText()).isEqualTo("a-1");
        assertThat(a.get("type").asText()).isEqualTo("velocity_spike");
        assertThat(a.get("severity").asText()).isEqualTo("high");
        assertThat(a.get("agentId").asText()).isEqualTo("did:web:tenant-a-agent");
        assertThat(a.get("principalId").asText()).isEqualTo("user:alice@example.com");
        assertThat(a.get("description").asText()).isEqualTo(a1.getDescription());
        assertThat(a.get("detectedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse(a.get("detectedAt").asText())).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(a.get("acknowledgedAt").isNull()).isTrue();
        JsonNode metadata = a.get("metadata");
        assertThat(fieldNames(metadata)).containsExactly("observed", "baseline", "score", "tenantId", "ruleName", "category");
        assertThat(metadata.get("score").asInt()).isEqualTo(80);
        assertThat(metadata.get("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(metadata.get("ruleName").asText()).isEqualTo("Velocity spike");
        assertThat(metadata.get("category").asText()).isEqualTo("behaviour");
        assertThat(r.body()).contains("\"observed\":{\"requests\":42}").contains("\"baseline\":{\"requestsPer5m\":6.10}");
    }

    @Test
    void listsNewestFirstAndTheUnacknowledgedFlagLeavesOutWhatPeopleHandled() throws Exception {
        assertThat(ids(list("/v1/anomalies", responderA))).containsExactly("a-1", "a-2", "a-old");
        assertThat(list("/v1/anomalies", responderA).get("total").asInt()).isEqualTo(3);
        views.apply(Fixtures.resolve(aOld, "alice", null, NOW));

        JsonNode unacknowledged = list("/v1/anomalies?unacknowledged=true", responderA);

        assertThat(ids(unacknowledged)).containsExactly("a-1", "a-2");
        assertThat(unacknowledged.get("total").asInt()).isEqualTo(2);
        assertThat(ids(list("/v1/anomalies?unacknowledged=false", responderA))).containsExactly("a-1", "a-2", "a-old");
    }

    @Test
    void acknowledgeAnswersTheAnomalyWithItsTimeAndItLeavesTheUnacknowledgedList() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> r = call("POST", "/v1/anomalies/a-2/acknowledge", responderA.key(), null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode acked = JSON.readTree(r.body());
        assertThat(acked.get("id").asText()).isEqualTo("a-2");
        Instant at = Instant.parse(acked.get("acknowledgedAt").asText());
        assertThat(at).isBetween(before, Instant.now());
        assertThat(writer.written()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(LifecycleAction.ACKNOWLEDGE);
            assertThat(e.getAlertId()).isEqualTo("a-2");
            assertThat(e.getActor()).isEqualTo("alice");
        });
        assertThat(ids(list("/v1/anomalies?unacknowledged=true", responderA))).containsExactly("a-1", "a-old");
        JsonNode all = byId(list("/v1/anomalies", responderA).get("anomalies"));
        assertThat(all.get("a-2").get("acknowledgedAt").asText()).isEqualTo(acked.get("acknowledgedAt").asText());
        assertThat(all.get("a-1").get("acknowledgedAt").isNull()).isTrue();
    }

    @Test
    void acknowledgeTakesANoteAndAnswers409TheSecondTime() throws Exception {
        assertThat(call("POST", "/v1/anomalies/a-1/acknowledge", responderA.key(), "{\"note\": \"on it\"}").statusCode())
                .isEqualTo(200);
        assertThat(writer.written()).singleElement().satisfies(e -> assertThat(e.getNote()).isEqualTo("on it"));

        HttpResponse<String> again = call("POST", "/v1/anomalies/a-1/acknowledge", responderA.key(), null);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already acknowledged");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void acknowledgeNeedsAResponderAndRefusesABadBody() throws Exception {
        HttpResponse<String> viewer = call("POST", "/v1/anomalies/a-1/acknowledge", viewerA.key(), null);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(viewer.body()).contains("responder");
        assertThat(call("POST", "/v1/anomalies/a-1/acknowledge", responderA.key(), "{\"notes\": \"x\"}").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/v1/anomalies/nope/acknowledge", responderA.key(), null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/v1/anomalies/a-1/acknowledge", null, null).statusCode()).isEqualTo(401);
        assertThat(writer.written()).isEmpty();
    }

    // ---- detect ----

    @Test
    void detectAnswersTheOpenAnomaliesAndAViewerMayCallIt() throws Exception {
        views.apply(Fixtures.acknowledge(a2, "alice", NOW));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> r = call("POST", "/v1/anomalies/detect", viewerA.key(), null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(fieldNames(body)).containsExactly("detectedAt", "total", "anomalies");
        assertThat(Instant.parse(body.get("detectedAt").asText())).isBetween(before, Instant.now());
        assertThat(body.get("total").asInt()).isEqualTo(2);
        assertThat(ids(body)).containsExactly("a-1", "a-old");
        assertThat(body.get("anomalies").get(0).get("type").asText()).isEqualTo("velocity_spike");
        assertThat(writer.written()).isEmpty();
    }

    // ---- metrics ----

    @Test
    void metricsCountTheTenantsAlertsOfTheWindow() throws Exception {
        views.apply(Fixtures.acknowledge(a1, "alice", NOW));

        JsonNode m = list("/v1/anomalies/metrics?window=7d", viewerA);

        assertThat(fieldNames(m)).containsExactly("totalAlerts", "openAlerts", "bySeverity", "byRule", "recentActivity");
        assertThat(m.get("totalAlerts").asInt()).isEqualTo(2);
        assertThat(m.get("openAlerts").asInt()).isEqualTo(1);
        assertThat(m.get("bySeverity").toString()).isEqualTo("{\"low\":0,\"medium\":0,\"high\":1,\"critical\":1}");
        assertThat(m.get("byRule").toString()).isEqualTo("{\"geo_anomaly\":1,\"velocity_spike\":1}");
        assertThat(m.get("recentActivity")).hasSize(8);
        assertThat(m.get("recentActivity").findValues("count").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(2);
        assertThat(list("/v1/anomalies/metrics?window=30d", viewerA).get("totalAlerts").asInt()).isEqualTo(3);
        assertThat(list("/v1/anomalies/metrics", viewerA).get("recentActivity")).hasSize(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0h", "30m", "91d", "2w", "7", "d", "-1d", "7D", "99999999999d", "1.5d"})
    void aWindowOutsideOneHourToNinetyDaysIsA400NamingIt(String window) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/anomalies/metrics?window=" + window, viewerA.key(), null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("'window'").contains("1h").contains("90d");
    }

    @Test
    void theEdgesOfTheWindowRangeAreAccepted() throws Exception {
        assertThat(call("GET", "/v1/anomalies/metrics?window=1h", viewerA.key(), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/anomalies/metrics?window=90d", viewerA.key(), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/anomalies/metrics?window=2160h", viewerA.key(), null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/anomalies/metrics?window=2161h", viewerA.key(), null).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unacknowledged=yes", "unacknowledged=TRUE", "unacknowledged=true&unacknowledged=false"})
    void aBadUnacknowledgedFlagIsA400NamingIt(String query) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/anomalies?" + query, viewerA.key(), null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("'unacknowledged'");
    }

    // ---- tenant isolation ----

    @Test
    void aTenantKeyNeverSeesAnotherTenantsAnomaliesCountsOrIds() throws Exception {
        for (String path : new String[] {"/v1/anomalies", "/v1/anomalies?unacknowledged=true"}) {
            assertThat(ids(list(path, responderA))).as(path).doesNotContain("b-1");
            assertThat(ids(list(path, responderB))).as(path).containsExactly("b-1");
            assertThat(list(path, responderB).get("total").asInt()).as(path).isEqualTo(1);
        }
        JsonNode detectB = JSON.readTree(call("POST", "/v1/anomalies/detect", responderB.key(), null).body());
        assertThat(ids(detectB)).containsExactly("b-1");
        assertThat(detectB.get("total").asInt()).isEqualTo(1);
        assertThat(ids(JSON.readTree(call("POST", "/v1/anomalies/detect", responderA.key(), null).body())))
                .containsExactly("a-1", "a-2", "a-old");

        JsonNode metricsB = list("/v1/anomalies/metrics?window=30d", responderB);
        assertThat(metricsB.get("totalAlerts").asInt()).isEqualTo(1);
        assertThat(metricsB.get("byRule").toString()).isEqualTo("{\"token_replay\":1}");
        assertThat(list("/v1/anomalies/metrics?window=30d", responderA).get("byRule").has("token_replay")).isFalse();
        assertThat(list("/v1/anomalies/metrics?window=30d", operator).get("totalAlerts").asInt()).isEqualTo(4);
        assertThat(ids(list("/v1/anomalies", operator))).containsExactly("b-1", "a-1", "a-2", "a-old");
    }

    @Test
    void anotherTenantsIdIsA404ExactlyLikeAMissingOneAndChangesNothing() throws Exception {
        HttpResponse<String> missing = call("POST", "/v1/anomalies/no-such-id/acknowledge", responderA.key(), null);
        HttpResponse<String> other = call("POST", "/v1/anomalies/b-1/acknowledge", responderA.key(), "{\"note\": \"x\"}");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body().replace("no-such-id", "b-1"))
                .doesNotContain("tenant-b").doesNotContain("token_replay");
        assertThat(writer.written()).isEmpty();
        assertThat(ids(list("/v1/anomalies?unacknowledged=true", responderB))).containsExactly("b-1");
    }

    // ---- helpers ----

    private JsonNode list(String path, ApiKeys.Created key) throws Exception {
        HttpResponse<String> r = call(path.endsWith("detect") ? "POST" : "GET", path, key.key(), null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("anomalies").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    private static JsonNode byId(JsonNode anomalies) {
        var node = JSON.createObjectNode();
        anomalies.forEach(a -> node.set(a.get("id").asText(), a));
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
