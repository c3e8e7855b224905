package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.command.AlertCommands;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API on a real Javalin server (free port) over an in-memory view and writer. */
class AlertApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "did:web:agent-1";

    private final InMemoryViews views = new InMemoryViews()
            .add(Fixtures.alert("a-old", AGENT, Severity.high, Fixtures.T0))
            .add(Fixtures.alert("a-new", AGENT, Severity.critical, Fixtures.T0.plusSeconds(60)))
            .add(Fixtures.alert("a-low", AGENT, Severity.low, Fixtures.T0.plusSeconds(30)));
    private final RecordingWriter writer = new RecordingWriter(views);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile String healthProblem;
    private LifecycleHttpServer server;

    @BeforeEach
    void startServer() {
        AlertCommands commands = new AlertCommands(views, writer, Clock.systemUTC(), Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands).build(), registry,
                () -> healthProblem);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- GET /v1/alerts ----

    @Test
    void listsAlertsNewestFirstWithoutHistory() throws Exception {
        HttpResponse<String> response = get("/v1/alerts");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(ids(body.get("alerts"))).containsExactly("a-new", "a-low", "a-old");
        assertThat(body.get("count").asInt()).isEqualTo(3);
        assertThat(body.get("limit").asInt()).isEqualTo(100);
        assertThat(body.get("alerts").get(0).get("status").asText()).isEqualTo("open");
        assertThat(body.get("alerts").get(0).get("alert").get("severity").asText()).isEqualTo("critical");
        assertThat(body.get("alerts").get(0).has("history")).isFalse();
    }

    @Test
    void filtersByStatusAndSeverity() throws Exception {
        post("/v1/alerts/a-old/acknowledge", "", null);

        assertThat(ids(json(get("/v1/alerts?status=acknowledged")).get("alerts"))).containsExactly("a-old");
        assertThat(ids(json(get("/v1/alerts?status=open&severity=low")).get("alerts"))).containsExactly("a-low");
        assertThat(ids(json(get("/v1/alerts?status=&severity=")).get("alerts"))).hasSize(3);
    }

    @Test
    void limitsTheList() throws Exception {
        JsonNode body = json(get("/v1/alerts?limit=2"));

        assertThat(ids(body.get("alerts"))).containsExactly("a-new", "a-low");
        assertThat(body.get("limit").asInt()).isEqualTo(2);
    }

    @Test
    void anUnknownStatusIsA400NamingTheParameterAndTheAllowedValues() throws Exception {
        JsonNode error = error(get("/v1/alerts?status=closed"), 400);

        assertThat(error.get("error").asText())
                .contains("'status'").contains("open, acknowledged, resolved").contains("closed");
    }

    @Test
    void anUnknownSeverityIsA400NamingTheParameterAndTheAllowedValues() throws Exception {
        JsonNode error = error(get("/v1/alerts?severity=HIGH"), 400);

        assertThat(error.get("error").asText()).contains("'severity'").contains("low, medium, high, critical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "ten", "-1", "99999999999"})
    void aLimitOutsideOneToAThousandIsA400(String limit) throws Exception {
        assertThat(error(get("/v1/alerts?limit=" + limit), 400).get("error").asText()).contains("'limit'").contains("1000");
    }

    @Test
    void aRepeatedFilterIsA400() throws Exception {
        assertThat(error(get("/v1/alerts?status=open&status=resolved"), 400).get("error").asText()).contains("once");
    }

    // ---- GET /v1/alerts/{id} ----

    @Test
    void getsOneAlertWithItsHistory() throws Exception {
        post("/v1/alerts/a-old/acknowledge", "{\"note\":\"looking\"}", "alice");

        JsonNode view = json(get("/v1/alerts/a-old"));

        assertThat(view.get("alertId").asText()).isEqualTo("a-old");
        assertThat(view.get("status").asText()).isEqualTo("acknowledged");
        assertThat(view.get("alert").get("ruleId").asText()).isEqualTo("velocity_spike");
        assertThat(view.get("history")).hasSize(1);
        assertThat(view.get("history").get(0).get("actor").asText()).isEqualTo("alice");
    }

    @Test
    void anUnknownAlertIsA404() throws Exception {
        assertThat(error(get("/v1/alerts/nope"), 404).get("error").asText()).contains("nope");
    }

    // ---- POST acknowledge / resolve ----

    @Test
    void acknowledgeAnswersTheUpdatedViewAndWritesOneEventWithTheActor() throws Exception {
        HttpResponse<String> response = post("/v1/alerts/a-new/acknowledge", "{\"note\":\"on it\"}", "alice");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = json(response);
        assertThat(view.get("status").asText()).isEqualTo("acknowledged");
        assertThat(view.get("acknowledgedBy").asText()).isEqualTo("alice");
        assertThat(view.get("note").asText()).isEqualTo("on it");
        assertThat(writer.written()).singleElement().satisfies(event -> {
            assertThat(event.getAction()).isEqualTo(LifecycleAction.ACKNOWLEDGE);
            assertThat(event.getActor()).isEqualTo("alice");
            assertThat(event.getAlertId()).isEqualTo("a-new");
        });
    }

    @Test
    void withoutTheActorHeaderTheActorIsAnonymousAndNoBodyMeansNoNote() throws Exception {
        HttpResponse<String> response = post("/v1/alerts/a-new/acknowledge", "", null);

        assertThat(response.statusCode()).isEqualTo(200);
        AlertLifecycleEvent event = writer.written().get(0);
        assertThat(event.getActor()).isEqualTo("anonymous");
        assertThat(event.getNote()).isNull();
    }

    @Test
    void resolveFromOpenRecordsTheResolution() throws Exception {
        HttpResponse<String> response = post("/v1/alerts/a-new/resolve",
                "{\"note\":\"expected batch job\",\"resolution\":\"benign\"}", "bob");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = json(response);
        assertThat(view.get("status").asText()).isEqualTo("resolved");
        assertThat(view.get("resolution").asText()).isEqualTo("benign");
        assertThat(view.get("resolvedBy").asText()).isEqualTo("bob");
        assertThat(writer.written().get(0).getResolution()).isEqualTo(Resolution.benign);
    }

    @Test
    void resolveAfterAcknowledgeIsLegal() throws Exception {
        post("/v1/alerts/a-new/acknowledge", "", "alice");

        assertThat(post("/v1/alerts/a-new/resolve", "{}", "alice").statusCode()).isEqualTo(200);
    }

    @Test
    void acknowledgingAnAcknowledgedAlertIsA409WithTheStatus() throws Exception {
        post("/v1/alerts/a-new/acknowledge", "", "alice");

        JsonNode error = error(post("/v1/alerts/a-new/acknowledge", "", "bob"), 409);

        assertThat(error.get("status").asText()).isEqualTo("acknowledged");
        assertThat(error.get("error").asText()).isEqualTo("cannot acknowledge an alert that is already acknowledged");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void acknowledgingAResolvedAlertIsA409WithTheStatus() throws Exception {
        post("/v1/alerts/a-new/resolve", "", "alice");

        assertThat(error(post("/v1/alerts/a-new/acknowledge", "", "bob"), 409).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void resolvingAResolvedAlertIsA409WithTheStatus() throws Exception {
        post("/v1/alerts/a-new/resolve", "", "alice");

        assertThat(error(post("/v1/alerts/a-new/resolve", "", "bob"), 409).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void actingOnAnUnknownAlertIsA404() throws Exception {
        error(post("/v1/alerts/nope/acknowledge", "", "alice"), 404);
        error(post("/v1/alerts/nope/resolve", "", "alice"), 404);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aViewThatLagsGivesA202WithTheEventId() throws Exception {
        writer.viewLags();

        HttpResponse<String> response = post("/v1/alerts/a-new/acknowledge", "", "alice");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("eventId").asText()).isEqualTo(writer.written().get(0).getEventId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"note\": ", "{\"note\": \"a\"} {}", "{\"note\":\"a\",\"note\":\"b\"}", "nonsense"})
    void malformedJsonIsA400(String body) throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", body, "alice"), 400).get("error").asText())
                .startsWith("malformed JSON");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aNoteOfTheWrongTypeIsA400NamingTheField() throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", "{\"note\": 42}", "alice"), 400).get("error").asText())
                .isEqualTo("note must be a string, not number");
    }

    @Test
    void aBodyThatIsNoObjectIsA400() throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", "[\"note\"]", "alice"), 400).get("error").asText())
                .contains("JSON object");
    }

    @Test
    void anUnknownFieldIsA400NamingIt() throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", "{\"notes\":\"x\"}", "alice"), 400).get("error").asText())
                .contains("'notes'").contains("allowed: note");
    }

    @Test
    void aResolutionOnAcknowledgeIsA400() throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", "{\"resolution\":\"benign\"}", "alice"), 400)
                .get("error").asText()).contains("'resolution'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"fixed\"", "1", "\"BENIGN\""})
    void anUnknownResolutionIsA400ListingTheAllowedOnes(String resolution) throws Exception {
        assertThat(error(post("/v1/alerts/a-new/resolve", "{\"resolution\":" + resolution + "}", "alice"), 400)
                .get("error").asText()).isEqualTo("resolution must be one of true_positive, false_positive, benign");
    }

    @Test
    void aBodyOver64KilobytesIsRefusedWithoutBeingRead() throws Exception {
        String note = "x".repeat(RequestBody.MAX_BYTES);

        HttpResponse<String> response = post("/v1/alerts/a-new/acknowledge", "{\"note\":\"" + note + "\"}", "alice");

        assertThat(error(response, 413).get("error").asText()).contains("65536 bytes");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aBodyOfExactly64KilobytesIsAccepted() throws Exception {
        String prefix = "{\"note\":\"";
        String note = "x".repeat(RequestBody.MAX_BYTES - prefix.length() - 2);

        assertThat(post("/v1/alerts/a-new/acknowledge", prefix + note + "\"}", "alice").statusCode()).isEqualTo(200);
    }

    @Test
    void anOverlongActorIsA400() throws Exception {
        assertThat(error(post("/v1/alerts/a-new/acknowledge", "", "a".repeat(201)), 400).get("error").asText())
                .contains("X-Vigil-Actor");
    }

    @Test
    void kafkaNotConfirmingIsA503() throws Exception {
        writer.kafkaFails();

        assertThat(error(post("/v1/alerts/a-new/acknowledge", "", "alice"), 503).get("error").asText())
                .contains("read the alert before repeating");
    }

    @Test
    void aViewNotReadyIsA503() throws Exception {
        views.failWith(InMemoryViews.unavailable());

        HttpResponse<String> response = get("/v1/alerts");

        error(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void aBugIsAGeneric500WithoutDetails() throws Exception {
        views.failWith(new IllegalStateException("secret internal detail"));

        JsonNode error = error(get("/v1/alerts/a-new"), 500);

        assertThat(error.get("error").asText()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }

    @Test
    void anUnknownRouteIsA404InTheSameShape() throws Exception {
        error(get("/v1/nothing-here"), 404);
        error(post("/v1/alerts/a-new/snooze", "", "alice"), 404);
    }

    // ---- ops ----

    @Test
    void healthIsUpOrA503WithTheReason() throws Exception {
        assertThat(json(get("/health")).get("status").asText()).isEqualTo("UP");

        healthProblem = "Kafka Streams is REBALANCING";
        HttpResponse<String> down = get("/health");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).get("reason").asText()).isEqualTo("Kafka Streams is REBALANCING");
    }

    @Test
    void metricsCountCommandsByOutcome() throws Exception {
        post("/v1/alerts/a-new/acknowledge", "", "alice");
        post("/v1/alerts/a-new/acknowledge", "", "alice");

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("vigil_lifecycle_commands_total{action=\"acknowledge\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_commands_total{action=\"acknowledge\",outcome=\"conflict\"} 1.0");
    }

    // ---- helpers ----

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String actor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (actor != null) {
            request.header("X-Vigil-Actor", actor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts an error answer: the status, JSON {"error": ...}, and nothing that looks like a stack trace. */
    private static JsonNode error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("at dev.vigil").doesNotContain("Exception")
                .doesNotContain("at io.javalin");
        JsonNode body = json(response);
        assertThat(body.get("error").isTextual()).isTrue();
        return body;
    }

    private static List<String> ids(JsonNode alerts) {
        return StreamSupport.stream(alerts.spliterator(), false).map(a -> a.get("alertId").asText()).toList();
    }
}
