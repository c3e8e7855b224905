package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingIncidentWriter;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.RuleFixtures;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.NotificationEntry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real answers of the server, over seeded in-memory views, match the schemas the OpenAPI document gives for their
 * route and status: every status an answer has is documented for its operation, its content type is the documented
 * one, and its JSON body validates (JSON Schema 2020-12) against the documented schema, whose fixed shapes list their
 * required fields and allow no others — so a renamed, missing or retyped field fails here.
 */
class OpenApiAnswersTest {

    private static final String AGENT = "did:web:agent-1";
    private static final String OTHER_AGENT = "did:web:agent-2";
    private static final String NEW_AGENT = "did:web:agent-new";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final OpenApiDocument document = OpenApiDocument.load();
    private final Alert acked = Fixtures.alert("a-acked", AGENT, Severity.high, Fixtures.T0);
    private final Alert open = Fixtures.alert("a-open", AGENT, Severity.critical, Fixtures.T0.plusSeconds(60));
    private final Alert recent = Alert.newBuilder(Fixtures.alert("a-recent", OTHER_AGENT, Severity.medium,
            NOW.minus(Duration.ofHours(1)))).setPrincipalId("user:alice").setRuleVersion(3).setAttack("T1078")
            .setChannels(List.of("slack-sec")).build();
    private final InMemoryViews alerts = new InMemoryViews().add(acked).add(open).add(recent);
    private final InMemoryIncidents incidents = new InMemoryIncidents()
            .add(Incident.open(acked, Fixtures.T0).withNewAlert(open, Fixtures.T0));
    private final InMemoryRecords<AgentProfile, AgentProfile> profiles = InMemoryRecords.agents();
    private final InMemoryRecords<AgentStatus, AgentStatus> statuses = InMemoryRecords.statuses();
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private final ApiKeys.Created viewer = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        alerts.apply(Fixtures.acknowledge(acked, "alice", Fixtures.T0.plusSeconds(30)));
        alerts.apply(AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.ASSIGN, acked, "lead", null, null,
                Fixtures.T0.plusSeconds(40))).setAssignee("dave").build());
        RecordingTopicWriter<AgentProfile> registryTopic = new RecordingTopicWriter<>(profiles);
        registryTopic.external(AGENT, AgentFixtures.profile(AGENT, "tenant-a"));
        statuses.apply(AGENT, 0, AgentStatus.newBuilder(AgentFixtures.status(AGENT, "tenant-a", BreakerState.WARN,
                Fixtures.T0)).setAlertId("a-open").setFirstEventAt(Fixtures.T0)
                .setCalibrationEndsAt(Fixtures.T0.plus(Duration.ofDays(7))).build());
        statuses.apply(OTHER_AGENT, 1, AgentFixtures.status(OTHER_AGENT, "tenant-a", BreakerState.HALTED, Fixtures.T0));
        AgentRegistry agents = new AgentRegistry(profiles, registryTopic);
        AgentControl control = new AgentControl(agents, statuses, new RecordingWriter(alerts), Clock.systemUTC());
        IncidentCommands incidentCommands = new IncidentCommands(incidents, new RecordingIncidentWriter(incidents),
                Clock.systemUTC(), Duration.ofMillis(200));
        Map<String, List<NotificationEntry>> ledger = Map.of("a-acked", List.of(
                new NotificationEntry("d-1", "slack-ops", "delivered", 1, "alert", null, Fixtures.T0.plusSeconds(1)),
                new NotificationEntry("d-2", "pagerduty", "failed", 3, "acknowledge", "HTTP 500 from <url>",
                        Fixtures.T0.plusSeconds(31))));
        ApiKeys keys = ApiKeys.of(List.of(operator.entry(), viewer.entry()));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices()
                .alerts(alerts, null)
                .incidents(incidents, incidentCommands)
                .agents(agents, control)
                .notifications(id -> ledger.getOrDefault(id, List.of()))
                .build(), OpsServer.newRegistry(), () -> null, keys);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void alertAnswersMatchTheirSchemas() throws Exception {
        JsonNode page = answer("GET", "/v1/alerts", "/v1/alerts?limit=1", null, 200);
        assertThat(page.get("nextCursor").isTextual()).isTrue();
        answer("GET", "/v1/alerts", "/v1/alerts?status=open&severity=critical&since=2025-01-01T00:00:00Z", null, 200);
        JsonNode view = answer("GET", "/v1/alerts/{id}", "/v1/alerts/a-acked", null, 200);
        assertThat(view.get("timeline").findValuesAsText("type")).contains("detection", "lifecycle", "notification");
        assertThat(view.get("assignee").asText()).isEqualTo("dave");
        answer("POST", "/v1/alerts/{id}/resolve", "/v1/alerts/a-acked/resolve",
                "{\"note\": \"benign batch job\", \"resolution\": \"benign\"}", 200);
        answer("POST", "/v1/alerts/{id}/comment", "/v1/alerts/a-open/comment", "{\"note\": \"looking\"}", 200);
        answer("POST", "/v1/alerts/{id}/acknowledge", "/v1/alerts/a-open/acknowledge", "", 200);
        answer("POST", "/v1/alerts/{id}/reopen", "/v1/alerts/a-open/reopen", "{\"note\": \"not done\"}", 200);
        answer("POST", "/v1/alerts/{id}/assign", "/v1/alerts/a-open/assign", "{\"assignee\": \"erin\"}", 200);
    }

    @Test
    void incidentAnswersMatchTheirSchemas() throws Exception {
        JsonNode list = answer("GET", "/v1/incidents", "/v1/incidents", null, 200);
        String id = list.at("/incidents/0/incidentId").asText();
        JsonNode incident = answer("GET", "/v1/incidents/{id}", "/v1/incidents/" + id, null, 200);
        assertThat(incident.get("alerts")).hasSize(2);
        JsonNode moved = answer("PATCH", "/v1/incidents/{id}", "/v1/incidents/" + id,
                "{\"status\": \"investigating\", \"note\": \"on it\"}", 200);
        assertThat(moved.get("notes")).isNotEmpty();
        answer("PATCH", "/v1/incidents/{id}", "/v1/incidents/" + id, "{\"status\": \"open\"}", 409);
    }

    @Test
    void agentAnswersMatchTheirSchemas() throws Exception {
        answer("PUT", "/v1/agents/{id}", "/v1/agents/" + NEW_AGENT, AgentFixtures.profileJson(NEW_AGENT, "tenant-a"),
                201);
        answer("GET", "/v1/agents", "/v1/agents?limit=1", null, 200);
        JsonNode full = answer("GET", "/v1/agents/{id}", "/v1/agents/" + NEW_AGENT, null, 200);
        assertThat(full.get("budget").isObject()).isTrue();
        answer("GET", "/v1/agents/{id}", "/v1/agents/" + AGENT, null, 200);
        JsonNode status = answer("GET", "/v1/agents/{id}/status", "/v1/agents/" + AGENT + "/status", null, 200);
        assertThat(status.at("/calibration/percent").isInt()).isTrue();
        JsonNode unknown = answer("GET", "/v1/agents/{id}/status", "/v1/agents/" + NEW_AGENT + "/status", null, 200);
        assertThat(unknown.at("/calibration/percent").isNull()).isTrue();
        answer("POST", "/v1/agents/{id}/halt", "/v1/agents/" + AGENT + "/halt", "{\"justification\": \"runaway\"}", 202);
        answer("POST", "/v1/agents/{id}/calibrated", "/v1/agents/" + AGENT + "/calibrated",
                "{\"justification\": \"seen enough\"}", 202);
        answer("POST", "/v1/agents/{id}/kill", "/v1/agents/" + AGENT + "/kill", "{}", 400);
        answer("DELETE", "/v1/agents/{id}", "/v1/agents/" + NEW_AGENT, null, 204);
        answer("PUT", "/v1/agents/{id}", "/v1/agents/" + NEW_AGENT,
                AgentFixtures.profileJson(NEW_AGENT, "tenant-a").replace("Europe/Berlin", "Mars/Olympus"), 400);
    }

    @Test
    void ruleChannelAndSilenceAnswersMatchTheirSchemas() throws Exception {
        answer("POST", "/v1/rules", "/v1/rules", RuleFixtures.SHELL_WRITES, 201);
        answer("POST", "/v1/rules", "/v1/rules", RuleFixtures.VELOCITY_ACME, 201);
        answer("POST", "/v1/rules", "/v1/rules", RuleFixtures.SHELL_WRITES, 409);
        answer("GET", "/v1/rules", "/v1/rules", null, 200);
        answer("GET", "/v1/rules/{ruleId}", "/v1/rules/shell-writes", null, 200);
        answer("GET", "/v1/rules/{ruleId}", "/v1/rules/velocity_spike:acme", null, 200);
        answer("GET", "/v1/rules/{ruleId}", "/v1/rules/velocity_spike", null, 200);
        answer("PATCH", "/v1/rules/{ruleId}", "/v1/rules/shell-writes", "{\"enabled\": false}", 200);
        answer("PUT", "/v1/rules/{ruleId}", "/v1/rules/shell-writes",
                RuleFixtures.SHELL_WRITES.replace("\"high\"", "\"critical\""), 200);
        answer("DELETE", "/v1/rules/{ruleId}", "/v1/rules/velocity_spike:acme", null, 204);
        answer("GET", "/v1/rules/{ruleId}", "/v1/rules/no-such-rule", null, 404);

        answer("POST", "/v1/channels", "/v1/channels", "{\"name\": \"ops-console\", \"type\": \"console\", "
                + "\"severities\": [\"high\"], \"groupWait\": \"30s\"}", 201);
        answer("GET", "/v1/channels", "/v1/channels", null, 200);
        answer("GET", "/v1/channels/{name}", "/v1/channels/ops-console", null, 200);
        answer("POST", "/v1/channels", "/v1/channels", "{\"name\": \"x\", \"type\": \"console\", \"colour\": 1}", 400);
        answer("PUT", "/v1/channels/{name}", "/v1/channels/ops-console", "{\"type\": \"console\", \"enabled\": false}",
                200);
        answer("POST", "/v1/channels/{name}/test", "/v1/channels/ops-console/test", null, 200);
        answer("DELETE", "/v1/channels/{name}", "/v1/channels/ops-console", null, 204);
        answer("GET", "/v1/channels/{name}", "/v1/channels/ops-console", null, 404);

        String silence = answer("POST", "/v1/silences", "/v1/silences", "{\"matchers\": {\"agentId\": \"" + AGENT
                + "\"}, \"endsAt\": \"" + NOW.plus(Duration.ofHours(1)) + "\", \"comment\": \"deploy\"}", 201)
                .get("silenceId").asText();
        answer("GET", "/v1/silences", "/v1/silences?all=true", null, 200);
        answer("GET", "/v1/silences/{id}", "/v1/silences/" + silence, null, 200);
        answer("DELETE", "/v1/silences/{id}", "/v1/silences/" + silence, null, 204);
        answer("DELETE", "/v1/silences/{id}", "/v1/silences/" + silence, null, 409);
    }

    @Test
    void compatibilityAndMetricsAnswersMatchTheirSchemas() throws Exception {
        JsonNode anomalies = answer("GET", "/v1/anomalies", "/v1/anomalies", null, 200);
        assertThat(anomalies.get("anomalies")).hasSize(3);
        answer("POST", "/v1/anomalies/detect", "/v1/anomalies/detect", null, 200);
        answer("POST", "/v1/anomalies/{id}/acknowledge", "/v1/anomalies/a-recent/acknowledge",
                "{\"note\": \"seen\"}", 200);
        answer("GET", "/v1/anomalies", "/v1/anomalies?unacknowledged=true", null, 200);
        JsonNode metrics = answer("GET", "/v1/anomalies/metrics", "/v1/anomalies/metrics?window=24h", null, 200);
        assertThat(metrics.get("totalAlerts").asInt()).isEqualTo(1);
        answer("GET", "/v1/anomalies/metrics", "/v1/anomalies/metrics?window=0h", null, 400);
        answer("GET", "/v1/events/stream", "/v1/events/stream?types=alert.nonsense", null, 400);
        answer("GET", "/health", "/health", null, 200);
    }

    @Test
    void errorAnswersMatchTheErrorSchema() throws Exception {
        JsonNode badParameter = answer("GET", "/v1/alerts", "/v1/alerts?status=closed", null, 400);
        assertThat(badParameter.get("parameter").asText()).isEqualTo("status");
        answer("GET", "/v1/alerts/{id}", "/v1/alerts/no-such-alert", null, 404);
        JsonNode conflict = answer("POST", "/v1/alerts/{id}/acknowledge", "/v1/alerts/a-acked/acknowledge", "", 409);
        assertThat(conflict.get("status").asText()).isEqualTo("acknowledged");
        answer("POST", "/v1/alerts/{id}/assign", "/v1/alerts/a-open/assign", "{\"assignee\": 7}", 400);
        answer("POST", "/v1/alerts/{id}/comment", "/v1/alerts/a-open/comment", "x".repeat(70_000), 413);
        HttpResponse<String> noKey = call("GET", "/v1/alerts", null, null);
        matches("GET", "/v1/alerts", noKey, 401);
        HttpResponse<String> viewerActs = call("POST", "/v1/alerts/a-open/acknowledge", viewer, "");
        matches("POST", "/v1/alerts/{id}/acknowledge", viewerActs, 403);
        HttpResponse<String> viewerOnRules = call("GET", "/v1/rules", viewer, null);
        matches("GET", "/v1/rules", viewerOnRules, 403);
    }

    @Test
    void theSchemasRefuseARenamedMissingOrRetypedField() throws Exception {
        JsonNode page = answer("GET", "/v1/alerts", "/v1/alerts", null, 200);
        assertThat(document.problems("AlertList", page)).isEmpty();

        ObjectNode renamed = page.deepCopy();
        renamed.set("next", renamed.remove("nextCursor"));
        assertThat(document.problems("AlertList", renamed)).isNotEmpty();

        ObjectNode missing = page.deepCopy();
        ((ObjectNode) missing.at("/alerts/0/alert")).remove("detectedAt");
        assertThat(document.problems("AlertList", missing)).isNotEmpty();

        ObjectNode retyped = page.deepCopy();
        ((ObjectNode) retyped.at("/alerts/0")).put("status", "closed");
        assertThat(document.problems("AlertList", retyped)).isNotEmpty();

        ObjectNode badTime = page.deepCopy();
        ((ObjectNode) badTime.at("/alerts/0")).put("updatedAt", "yesterday");
        assertThat(document.problems("AlertList", badTime)).isNotEmpty();
    }

    /** Calls the route as the operator, asserts the status and that the answer matches the documentation; its JSON. */
    private JsonNode answer(String method, String template, String path, String body, int status) throws Exception {
        return matches(method, template, call(method, path, operator, body), status);
    }

    private JsonNode matches(String method, String template, HttpResponse<String> response, int status)
            throws IOException {
        String route = method + " " + template;
        assertThat(response.statusCode()).as(route + ": " + response.body()).isEqualTo(status);
        JsonNode operation = document.operation(method, template).orElseThrow(() ->
                new AssertionError(route + " is not in openapi.json"));
        JsonNode documented = document.response(operation, status).orElseThrow(() ->
                new AssertionError(route + " answered " + status + ", which openapi.json does not document"));
        if (!documented.has("content")) {
            assertThat(response.body()).as(route + " " + status + " has no documented body").isEmpty();
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
        JsonNode media = documented.path("content").path(type);
        assertThat(media.isObject()).as(route + " " + status + " answered " + type + ", documented: "
                + documented.path("content").fieldNames().next()).isTrue();
        JsonNode json = OpenApiDocument.JSON.readTree(response.body());
        assertThat(document.problems(media.get("schema"), json)).as(route + " " + status + ": " + response.body())
                .isEmpty();
        return json;
    }

    private HttpResponse<String> call(String method, String path, ApiKeys.Created key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key.key());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
