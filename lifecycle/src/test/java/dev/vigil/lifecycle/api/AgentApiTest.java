package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent routes on a real Javalin server over in-memory views and writers, with API keys: the registry, the status,
 * the commands, a 400 naming the field for each bad input, 401/403, and another tenant's agent answering exactly as a
 * missing one on every route.
 */
class AgentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A1 = "did:web:a1";
    private static final String A2 = "did:web:a2";
    private static final String B1 = "did:web:b1";
    private static final String STATUS_ONLY = "did:web:a-unregistered";
    private static final Instant NOW = Fixtures.T0.plus(Duration.ofDays(2));

    private final InMemoryViews alerts = new InMemoryViews()
            .add(Fixtures.alert("a1-old", A1, Severity.high, Fixtures.T0))
            .add(Fixtures.alert("a1-new", A1, Severity.critical, Fixtures.T0.plusSeconds(60)))
            .add(Fixtures.alert("a1-acked", A1, Severity.low, Fixtures.T0.plusSeconds(30)))
            .add(Fixtures.alert("a1-resolved", A1, Severity.low, Fixtures.T0.plusSeconds(40)))
            .add(Alert.newBuilder(Fixtures.alert("other-tenant", A1, Severity.low, Fixtures.T0)).setTenantId("tenant-b").build())
            .add(Fixtures.alert("a2-alert", A2, Severity.low, Fixtures.T0));
    private final InMemoryRecords<AgentProfile, AgentProfile> profiles = InMemoryRecords.agents();
    private final RecordingTopicWriter<AgentProfile> topic = new RecordingTopicWriter<>(profiles);
    private final InMemoryRecords<AgentStatus, AgentStatus> statuses = InMemoryRecords.statuses();
    private final RecordingWriter events = new RecordingWriter(alerts);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created viewerA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created responderA = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");
    private final ApiKeys.Created adminA = ApiKeys.create("tenant-a", Role.ADMIN, "admin-a");
    private final ApiKeys.Created adminB = ApiKeys.create("tenant-b", Role.ADMIN, "admin-b");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        topic.external(A1, AgentFixtures.profile(A1, "tenant-a"));
        topic.external(A2, AgentFixtures.profile(A2, "tenant-a"));
        topic.external(B1, AgentFixtures.profile(B1, "tenant-b"));
        statuses.apply(A2, 0, AgentFixtures.status(A2, "tenant-a", BreakerState.KILLED, Fixtures.T0));
        statuses.apply(B1, 1, AgentFixtures.status(B1, "tenant-b", BreakerState.HALTED, Fixtures.T0));
        statuses.apply(STATUS_ONLY, 2, AgentFixtures.status(STATUS_ONLY, "tenant-a", BreakerState.WARN, Fixtures.T0));
        alerts.apply(Fixtures.acknowledge(Fixtures.alert("a1-acked", A1, Severity.low, Fixtures.T0.plusSeconds(30)),
                "bob", Fixtures.T0));
        alerts.apply(Fixtures.resolve(Fixtures.alert("a1-resolved", A1, Severity.low, Fixtures.T0.plusSeconds(40)),
                "bob", null, Fixtures.T0));
        AgentRegistry agents = new AgentRegistry(profiles, topic);
        AgentControl control = new AgentControl(agents, statuses, events, Clock.fixed(NOW, ZoneOffset.UTC));
        ApiKeys keys = ApiKeys.of(List.of(viewerA.entry(), responderA.entry(), adminA.entry(), adminB.entry(),
                operator.entry()));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(alerts, null).agents(agents, control)
                .build(), registry, () -> null, keys);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- GET /v1/agents ----

    @Test
    void anOperatorListsEveryAgentInIdOrderAndMayFilterByTenant() throws Exception {
        assertThat(ids(json(call("GET", "/v1/agents", operator, null)).get("agents"))).containsExactly(A1, A2, B1);
        JsonNode b = json(call("GET", "/v1/agents?tenant=tenant-b", operator, null));
        assertThat(ids(b.get("agents"))).containsExactly(B1);
        assertThat(b.get("count").asInt()).isEqualTo(1);
        assertThat(b.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void aTenantKeyListsItsOwnAgentsOnlyAndAnotherTenantIsNotThere() throws Exception {
        assertThat(ids(json(call("GET", "/v1/agents", viewerA, null)).get("agents"))).containsExactly(A1, A2);
        assertThat(ids(json(call("GET", "/v1/agents?tenant=tenant-a", viewerA, null)).get("agents")))
                .containsExactly(A1, A2);
        HttpResponse<String> other = call("GET", "/v1/agents?tenant=tenant-b", viewerA, null);
        assertThat(other.statusCode()).as("an empty page, as on the alert and incident lists").isEqualTo(200);
        assertThat(json(other).get("agents")).isEmpty();
        assertThat(other.body()).doesNotContain(B1);
    }

    @Test
    void pagesFollowTheCursorByAgentId() throws Exception {
        JsonNode first = json(call("GET", "/v1/agents?limit=2", operator, null));
        assertThat(ids(first.get("agents"))).containsExactly(A1, A2);
        assertThat(first.get("nextCursor").asText()).isNotBlank().doesNotContain(A2);
        assertThat(first.get("limit").asInt()).isEqualTo(2);

        JsonNode second = json(call("GET", "/v1/agents?limit=2&cursor=" + first.get("nextCursor").asText(), operator, null));
        assertThat(ids(second.get("agents"))).containsExactly(B1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=ten", "limit=1&limit=2", "cursor=a&cursor=b",
            "cursor=not-a-cursor", "cursor=MXw"})
    void aBadListQueryIsA400NamingTheParameter(String query) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/agents?" + query, operator, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("'" + query.substring(0, query.indexOf('=')) + "'");
    }

    // ---- GET /v1/agents/{id} ----

    @Test
    void getAnswersTheProfileAsItsJson() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/agents/" + A1, viewerA, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(JSON.readTree(ProfileJson.write(AgentFixtures.profile(A1, "tenant-a"))));
    }

    // ---- PUT /v1/agents/{id} ----

    @Test
    void anAdminRegistersAnAgentWhichIsWrittenToTheTopicAndReadBackAtOnce() throws Exception {
        topic.viewLags();
        String id = "did:web:new-bot";

        HttpResponse<String> r = call("PUT", "/v1/agents/" + id, adminA, AgentFixtures.profileJson(id, "tenant-a"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/v1/agents/" + id);
        AgentProfile expected = ProfileJson.parse(AgentFixtures.profileJson(id, "tenant-a"));
        assertThat(topic.written()).last().satisfies(w -> {
            assertThat(w.key()).isEqualTo(id);
            assertThat(w.value()).isEqualTo(expected);
        });
        assertThat(json(r).get("budget").get("amountUsd").decimalValue()).isEqualByComparingTo("500.25");
        assertThat(json(call("GET", "/v1/agents/" + id, viewerA, null)).get("name").asText()).isEqualTo("Billing bot");
    }

    @Test
    void aSecondPutReplacesTheProfile() throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/agents/" + A1, adminA, AgentFixtures.profileJson(A1, "tenant-a"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(call("GET", "/v1/agents/" + A1, viewerA, null)).get("calibrationDays").asInt()).isEqualTo(14);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Europe/Berlin\"              | \"Mars/Olympus\"       | operatingWindow.timezone",
            "\"TUE\"                        | \"TUESDAY\"            | operatingWindow.days[1]",
            "\"09:00\"                      | \"9am\"                | operatingWindow.start",
            "\"17:00\"                      | \"24:00\"              | operatingWindow.end",
            "500.25                         | -1                     | budget.amountUsd",
            "\"P1D\"                        | \"daily\"              | budget.period",
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo | AAAA      | publicKeys.k1",
            "\"maxDelegationDepth\": 2      | \"maxDelegationDepth\": -2 | maxDelegationDepth",
            "\"calibrationDays\": 14        | \"calibrationDays\": \"two weeks\" | calibrationDays",
            "\"name\": \"Billing bot\"      | \"nmae\": \"Billing bot\" | nmae",
            "\"agentId\": \"did:web:x\"     | \"agentId\": \"did:web:y\" | agentId",
            "\"tenantId\": \"tenant-a\"     | \"tenantId\": \"tenant-b\" | tenantId"})
    void aBadProfileIsA400NamingTheFieldAndNothingIsWritten(String from, String to, String field) throws Exception {
        int before = topic.written().size();
        String body = AgentFixtures.profileJson("did:web:x", "tenant-a").replace(from, to);
        assertThat(body).as("the test changes the body").contains(to);

        HttpResponse<String> r = call("PUT", "/v1/agents/did:web:x", adminA, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo(field);
        assertThat(json(r).get("error").asText()).contains(field);
        assertThat(r.body()).doesNotContain("Exception");
        assertThat(topic.written()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"agentId\": ", "{\"agentId\": \"a\", \"agentId\": \"b\"}"})
    void aBodyThatIsNoJsonObjectIsA400(String body) throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/agents/did:web:x", adminA, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isNotBlank();
    }

    @Test
    void anOperatorMayNotMoveAnAgentToAnotherTenant() throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/agents/" + A1, operator, AgentFixtures.profileJson(A1, "tenant-b"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("tenantId").asText()).isEqualTo("tenant-a");
    }

    // ---- DELETE /v1/agents/{id} ----

    @Test
    void deleteWritesATombstoneAndTheAgentIsGone() throws Exception {
        HttpResponse<String> r = call("DELETE", "/v1/agents/" + A1, adminA, null);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(topic.written()).last().satisfies(w -> {
            assertThat(w.key()).isEqualTo(A1);
            assertThat(w.value()).isNull();
        });
        assertThat(call("GET", "/v1/agents/" + A1, viewerA, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/agents/" + A1, adminA, null).statusCode()).isEqualTo(404);
    }

    // ---- GET /v1/agents/{id}/status ----

    @Test
    void anAgentWithoutABreakerStateIsMonitoringWithItsUnresolvedAlertsNewestFirst() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/agents/" + A1 + "/status", viewerA, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("agentId").asText()).isEqualTo(A1);
        assertThat(body.get("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(body.get("state").asText()).isEqualTo("MONITORING");
        for (String field : List.of("reason", "since", "actor", "alertId")) {
            assertThat(body.get(field).isNull()).as(field).isTrue();
        }
        assertThat(body.get("openAlerts").get("count").asInt()).isEqualTo(3);
        assertThat(texts(body.get("openAlerts").get("alertIds"))).containsExactly("a1-new", "a1-acked", "a1-old");
        for (String field : List.of("percent", "firstEventAt", "endsAt", "ended")) {
            assertThat(body.get("calibration").get(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void theBreakerStateAndCalibrationComeFromTheStatusView() throws Exception {
        statuses.apply(A1, 3, AgentStatus.newBuilder(AgentFixtures.status(A1, "tenant-a", BreakerState.HALTED, Fixtures.T0))
                .setAlertId("a1-new").setFirstEventAt(Fixtures.T0).setCalibrationEndsAt(Fixtures.T0.plus(Duration.ofDays(8)))
                .build());

        JsonNode body = json(call("GET", "/v1/agents/" + A1 + "/status", viewerA, null));

        assertThat(body.get("state").asText()).isEqualTo("HALTED");
        assertThat(body.get("reason").asText()).isEqualTo("halted for a test");
        assertThat(body.get("since").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(body.get("actor").asText()).isEqualTo("vigil");
        assertThat(body.get("alertId").asText()).isEqualTo("a1-new");
        JsonNode calibration = body.get("calibration");
        assertThat(calibration.get("percent").asInt()).as("2 of 8 days").isEqualTo(25);
        assertThat(calibration.get("firstEventAt").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(calibration.get("endsAt").asText()).isEqualTo("2025-03-09T10:00:00.000Z");
        assertThat(calibration.get("ended").asBoolean()).isFalse();
    }

    @Test
    void anAgentKnownOnlyToTheStatusViewHasAStatusButNoProfile() throws Exception {
        JsonNode body = json(call("GET", "/v1/agents/" + STATUS_ONLY + "/status", viewerA, null));
        assertThat(body.get("state").asText()).isEqualTo("WARN");
        assertThat(body.get("openAlerts").get("count").asInt()).isZero();
        assertThat(call("GET", "/v1/agents/" + STATUS_ONLY, viewerA, null).statusCode()).isEqualTo(404);
    }

    @Test
    void theStatusOfAnAgentNoViewKnowsIsA404() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/agents/did:web:nobody/status", viewerA, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no agent with id did:web:nobody");
    }

    // ---- POST /v1/agents/{id}/halt|resume|kill|calibrated ----

    @ParameterizedTest
    @CsvSource({"halt,HALT", "resume,RESUME", "calibrated,MARK_CALIBRATED"})
    void aResponderCommandsAnAgentWithAJustificationWrittenAsAnAgentEvent(String command, LifecycleAction action)
            throws Exception {
        HttpResponse<String> r = call("POST", "/v1/agents/" + A1 + "/" + command, responderA,
                "{\"justification\": \"  exfiltration suspected, ticket SEC-42  \"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.get("message").asText()).contains("/v1/agents/" + A1 + "/status");
        AlertLifecycleEvent event = events.written().get(0);
        assertThat(events.written()).hasSize(1);
        assertThat(event.getEventId()).isEqualTo(body.get("eventId").asText());
        assertThat(event.getAction()).isEqualTo(action);
        assertThat(event.getAlertId()).isNull();
        assertThat(event.getAgentId()).isEqualTo(A1);
        assertThat(event.getTenantId()).isEqualTo("tenant-a");
        assertThat(event.getActor()).isEqualTo("alice");
        assertThat(event.getNote()).isEqualTo("exfiltration suspected, ticket SEC-42");
        assertThat(event.getOccurredAt()).isEqualTo(NOW);
    }

    @Test
    void killTakesAnAdmin() throws Exception {
        HttpResponse<String> responder = call("POST", "/v1/agents/" + A1 + "/kill", responderA, "{\"justification\": \"x\"}");
        assertThat(responder.statusCode()).isEqualTo(403);
        assertThat(responder.body()).contains("needs admin");
        assertThat(events.written()).isEmpty();

        HttpResponse<String> admin = call("POST", "/v1/agents/" + A1 + "/kill", adminA, "{\"justification\": \"rogue\"}");
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(202);
        assertThat(events.written()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(LifecycleAction.KILL);
            assertThat(e.getActor()).isEqualTo("admin-a");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"justification\": null}", "{\"justification\": \"   \"}",
            "{\"justification\": 42}", "{\"justification\": \"ok\", \"note\": \"x\"}", "TOO_LONG"})
    void aCommandWithoutAProperJustificationIsA400AndWritesNothing(String body) throws Exception {
        String sent = body.equals("TOO_LONG") ? "{\"justification\": \"" + "x".repeat(2001) + "\"}" : body;

        HttpResponse<String> r = call("POST", "/v1/agents/" + A1 + "/resume", responderA, sent);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        String field = body.contains("note") ? "note" : "justification";
        assertThat(json(r).get("field").asText()).isEqualTo(field);
        assertThat(json(r).get("error").asText()).contains(field);
        assertThat(events.written()).isEmpty();
    }

    @Test
    void aJustificationOfExactlyTwoThousandCharactersIsTaken() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/agents/" + A1 + "/halt", responderA,
                "{\"justification\": \"" + "x".repeat(2000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"halt", "resume", "kill"})
    void aKilledAgentIsRefusedUpFrontWith409(String command) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/agents/" + A2 + "/" + command, adminA, "{\"justification\": \"x\"}");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("state").asText()).isEqualTo("KILLED");
        assertThat(json(r).get("error").asText()).contains("stays killed");
        assertThat(events.written()).isEmpty();
    }

    @Test
    void aKilledAgentMayStillBeMarkedCalibrated() throws Exception {
        assertThat(call("POST", "/v1/agents/" + A2 + "/calibrated", adminA, "{\"justification\": \"x\"}").statusCode())
                .isEqualTo(202);
    }

    @Test
    void anAgentKnownOnlyToTheStatusViewCanBeHalted() throws Exception {
        assertThat(call("POST", "/v1/agents/" + STATUS_ONLY + "/halt", responderA, "{\"justification\": \"x\"}")
                .statusCode()).isEqualTo(202);
        assertThat(events.written()).singleElement().satisfies(e -> assertThat(e.getTenantId()).isEqualTo("tenant-a"));
    }

    @Test
    void commandsAndChangesAreCounted() throws Exception {
        call("POST", "/v1/agents/" + A1 + "/halt", responderA, "{\"justification\": \"x\"}");
        call("POST", "/v1/agents/" + A1 + "/halt", responderA, "{}");

        assertThat(registry.scrape())
                .contains("vigil_lifecycle_agent_changes_total{action=\"halt\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_agent_changes_total{action=\"halt\",outcome=\"invalid\"} 1.0");
    }

    // ---- keys, roles, tenants ----

    @ParameterizedTest
    @CsvSource({"GET,/v1/agents", "GET,/v1/agents/did:web:a1", "PUT,/v1/agents/did:web:a1", "DELETE,/v1/agents/did:web:a1",
            "GET,/v1/agents/did:web:a1/status", "POST,/v1/agents/did:web:a1/halt", "POST,/v1/agents/did:web:a1/resume",
            "POST,/v1/agents/did:web:a1/kill", "POST,/v1/agents/did:web:a1/calibrated"})
    void everyAgentRouteNeedsAKey(String method, String path) throws Exception {
        HttpResponse<String> r = call(method, path, null, "{\"justification\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("a1");
        assertThat(events.written()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"viewer,PUT,/v1/agents/did:web:a1,admin", "viewer,DELETE,/v1/agents/did:web:a1,admin",
            "viewer,POST,/v1/agents/did:web:a1/halt,responder", "viewer,POST,/v1/agents/did:web:a1/resume,responder",
            "viewer,POST,/v1/agents/did:web:a1/calibrated,responder", "responder,PUT,/v1/agents/did:web:a1,admin",
            "responder,DELETE,/v1/agents/did:web:a1,admin", "responder,POST,/v1/agents/did:web:a1/kill,admin"})
    void aRoleTooLowIsA403NamingTheRoleNeeded(String role, String method, String path, String needed) throws Exception {
        ApiKeys.Created key = role.equals("viewer") ? viewerA : responderA;
        HttpResponse<String> r = call(method, path, key, method.equals("PUT")
                ? AgentFixtures.profileJson(A1, "tenant-a") : "{\"justification\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").asText()).contains("needs " + needed);
        assertThat(events.written()).isEmpty();
    }

    @Test
    void anotherTenantsAgentAnswersExactlyAsAMissingOneOnEveryRoute() throws Exception {
        int writtenBefore = topic.written().size();
        String[][] routes = {
                {"GET", "/v1/agents/%s", null},
                {"GET", "/v1/agents/%s/status", null},
                {"PUT", "/v1/agents/%s", "PROFILE"},
                {"DELETE", "/v1/agents/%s", null},
                {"POST", "/v1/agents/%s/halt", "{\"justification\": \"x\"}"},
                {"POST", "/v1/agents/%s/resume", "{\"justification\": \"x\"}"},
                {"POST", "/v1/agents/%s/kill", "{\"justification\": \"x\"}"},
                {"POST", "/v1/agents/%s/calibrated", "{\"justification\": \"x\"}"}};
        for (String[] route : routes) {
            String body = "PROFILE".equals(route[2]) ? AgentFixtures.profileJson(B1, "tenant-a") : route[2];
            HttpResponse<String> theirs = call(route[0], route[1].formatted(B1), adminA, body);
            assertThat(theirs.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(theirs.body()).doesNotContain("tenant-b").doesNotContain("HALTED")
                    .isEqualTo("{\"error\":\"no agent with id " + B1 + "\"}");
            if (!route[0].equals("PUT")) {
                HttpResponse<String> missing = call(route[0], route[1].formatted("did:web:nobody"), adminA, body);
                assertThat(theirs.body()).isEqualTo(missing.body().replace("did:web:nobody", B1));
            }
        }
        assertThat(topic.written()).hasSize(writtenBefore);
        assertThat(events.written()).isEmpty();
        assertThat(call("PUT", "/v1/agents/" + B1, adminB, AgentFixtures.profileJson(B1, "tenant-b")).statusCode())
                .as("its own tenant's admin may").isEqualTo(200);
    }

    @Test
    void aTenantAdminRegistersAgentsOfItsOwnTenantOnly() throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/agents/did:web:x", adminA, AgentFixtures.profileJson("did:web:x", "tenant-b"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("tenantId");
    }

    private HttpResponse<String> call(String method, String path, ApiKeys.Created key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key.key());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode agents) {
        return StreamSupport.stream(agents.spliterator(), false).map(a -> a.get("agentId").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
