package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingIncidentWriter;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The incident routes on a real Javalin server over an in-memory incident view and alert view, with API keys. */
class IncidentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "did:web:agent-1";
    private static final String OTHER_AGENT = "did:web:agent-2";

    private final Alert a1 = Fixtures.alert("a-1", AGENT, Severity.medium, Fixtures.T0);
    private final Alert a2 = Fixtures.alert("a-2", AGENT, Severity.critical, Fixtures.T0.plusSeconds(60));
    private final Alert c1 = Fixtures.alert("c-1", OTHER_AGENT, Severity.low, Fixtures.T0.plusSeconds(600));
    private final Alert b1 = Alert.newBuilder(Fixtures.alert("b-1", "did:web:b-agent", Severity.high,
            Fixtures.T0.plusSeconds(300))).setTenantId("tenant-b").build();
    private final Incident ofA = Incident.open(a1, Fixtures.T0).withNewAlert(a2, Fixtures.T0);
    private final Incident otherAgent = Incident.open(c1, Fixtures.T0);
    private final Incident ofB = Incident.open(b1, Fixtures.T0);
    private final InMemoryViews alerts = new InMemoryViews().add(a1).add(a2).add(c1).add(b1);
    private final InMemoryIncidents incidents = new InMemoryIncidents().add(ofA).add(otherAgent).add(ofB);
    private final RecordingIncidentWriter writer = new RecordingIncidentWriter(incidents);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created viewerA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created responderA = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");
    private final ApiKeys.Created responderB = ApiKeys.create("tenant-b", Role.RESPONDER, "bob");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        ApiKeys keys = ApiKeys.of(List.of(viewerA.entry(), responderA.entry(), responderB.entry(), operator.entry()));
        IncidentCommands commands = new IncidentCommands(incidents, writer, Clock.systemUTC(), Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0,
                new ApiServices().alerts(alerts, null).incidents(incidents, commands).build(), registry, () -> null, keys);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- GET /v1/incidents ----

    @Test
    void anOperatorListsEveryIncidentNewestFirstWithoutDetail() throws Exception {
        JsonNode body = json(call("GET", "/v1/incidents", operator, null), 200);

        assertThat(ids(body)).containsExactly(otherAgent.incidentId(), ofB.incidentId(), ofA.incidentId());
        assertThat(body.get("count").asInt()).isEqualTo(3);
        assertThat(body.get("limit").asInt()).isEqualTo(100);
        assertThat(body.get("nextCursor").isNull()).isTrue();
        JsonNode first = body.get("incidents").get(2);
        assertThat(first.get("status").asText()).isEqualTo("open");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("alertCount").asInt()).isEqualTo(2);
        assertThat(first.get("agentId").asText()).isEqualTo(AGENT);
        assertThat(first.get("firstAlertAt").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(first.get("lastAlertAt").asText()).isEqualTo("2025-03-01T10:01:00.000Z");
        assertThat(first.has("notes")).isFalse();
        assertThat(first.has("alertIds")).isFalse();
    }

    @Test
    void aTenantKeyListsItsTenantOnlyAndAskingForAnotherTenantGivesNothing() throws Exception {
        assertThat(ids(json(call("GET", "/v1/incidents", viewerA, null), 200)))
                .containsExactly(otherAgent.incidentId(), ofA.incidentId());
        assertThat(ids(json(call("GET", "/v1/incidents", responderB, null), 200))).containsExactly(ofB.incidentId());
        JsonNode asked = json(call("GET", "/v1/incidents?tenant=tenant-b", viewerA, null), 200);
        assertThat(ids(asked)).isEmpty();
        assertThat(asked.toString()).doesNotContain("tenant-b").doesNotContain("b-agent");
        assertThat(ids(json(call("GET", "/v1/incidents?tenant=tenant-a", viewerA, null), 200))).hasSize(2);
    }

    @Test
    void filtersByStatusAgentAndForOperatorsTenant() throws Exception {
        patch(ofA.incidentId(), "{\"status\": \"investigating\"}", responderA);

        assertThat(ids(json(call("GET", "/v1/incidents?status=investigating", operator, null), 200)))
                .containsExactly(ofA.incidentId());
        assertThat(ids(json(call("GET", "/v1/incidents?status=open", viewerA, null), 200)))
                .containsExactly(otherAgent.incidentId());
        assertThat(ids(json(call("GET", "/v1/incidents?agent=" + OTHER_AGENT, operator, null), 200)))
                .containsExactly(otherAgent.incidentId());
        assertThat(ids(json(call("GET", "/v1/incidents?tenant=tenant-b", operator, null), 200)))
                .containsExactly(ofB.incidentId());
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatsOrGaps() throws Exception {
        List<String> seen = new ArrayList<>();
        String path = "/v1/incidents?limit=1";
        for (int page = 0; page < 5; page++) {
            JsonNode body = json(call("GET", path, operator, null), 200);
            seen.addAll(ids(body));
            if (body.get("nextCursor").isNull() || ids(body).isEmpty()) {
                break;
            }
            path = "/v1/incidents?limit=1&cursor=" + body.get("nextCursor").asText();
        }
        assertThat(seen).containsExactly(otherAgent.incidentId(), ofB.incidentId(), ofA.incidentId());
    }

    @ParameterizedTest
    @CsvSource({"status=resolved, 'status'", "limit=0, 'limit'", "limit=1001, 'limit'", "limit=ten, 'limit'",
            "cursor=%%%, 'cursor'", "cursor=bm90LWEtY3Vyc29y, 'cursor'", "status=open&status=closed, 'status'"})
    void aBadQueryIsA400NamingTheParameter(String query, String named) throws Exception {
        JsonNode error = json(call("GET", "/v1/incidents?" + query.replace("%%%", "%25%25"), operator, null), 400);
        assertThat(error.get("error").asText()).contains(named);
    }

    @Test
    void anUnknownStatusFilterListsTheAllowedValues() throws Exception {
        assertThat(json(call("GET", "/v1/incidents?status=resolved", operator, null), 400).get("error").asText())
                .contains("open, investigating, contained, closed");
    }

    // ---- GET /v1/incidents/{id} ----

    @Test
    void getsOneIncidentWithItsAlertsNewestFirstAndItsNotes() throws Exception {
        patch(ofA.incidentId(), "{\"status\": \"investigating\", \"note\": \"looking\"}", responderA);
        alerts.apply(Fixtures.acknowledge(a2, "alice", Fixtures.T0.plusSeconds(90)));

        JsonNode incident = json(call("GET", "/v1/incidents/" + ofA.incidentId(), viewerA, null), 200);

        assertThat(incident.get("incidentId").asText()).isEqualTo(ofA.incidentId());
        assertThat(incident.get("status").asText()).isEqualTo("investigating");
        assertThat(incident.get("alertIds")).extracting(JsonNode::asText).containsExactly("a-1", "a-2");
        JsonNode summaries = incident.get("alerts");
        assertThat(summaries).extracting(n -> n.get("alertId").asText()).containsExactly("a-2", "a-1");
        assertThat(summaries.get(0).get("status").asText()).isEqualTo("acknowledged");
        assertThat(summaries.get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(summaries.get(0).get("ruleId").asText()).isEqualTo("velocity_spike");
        assertThat(summaries.get(0).get("detectedAt").asText()).isEqualTo("2025-03-01T10:01:00.000Z");
        assertThat(incident.get("notes")).hasSize(1);
        JsonNode note = incident.get("notes").get(0);
        assertThat(note.get("actor").asText()).isEqualTo("alice");
        assertThat(note.get("note").asText()).isEqualTo("looking");
        assertThat(note.get("status").asText()).isEqualTo("investigating");
        assertThat(note.get("at").asText()).endsWith("Z");
    }

    @Test
    void anotherTenantsIncidentIsA404IdenticalToAMissingOneOnEveryRoute() throws Exception {
        HttpResponse<String> missing = call("GET", "/v1/incidents/inc_nope", responderA, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        for (String[] route : new String[][] {{"GET", null}, {"PATCH", "{\"status\": \"closed\", \"note\": \"mine\"}"},
                {"PATCH", "{\"bogus\": 1}"}}) {
            HttpResponse<String> r = call(route[0], "/v1/incidents/" + ofB.incidentId(), responderA, route[1]);
            assertThat(r.statusCode()).as(route[0]).isEqualTo(404);
            assertThat(r.body()).doesNotContain("tenant-b").doesNotContain("b-agent").doesNotContain("high")
                    .isEqualTo(missing.body().replace("inc_nope", ofB.incidentId()));
        }
        assertThat(writer.written()).isEmpty();
        assertThat(incidents.get(ofB.incidentId()).orElseThrow().status()).isEqualTo(IncidentStatus.OPEN);
    }

    // ---- PATCH /v1/incidents/{id} ----

    @Test
    void aForwardMoveWritesOneIncidentUpdateAndAnswersTheUpdatedIncident() throws Exception {
        JsonNode updated = json(patch(ofA.incidentId(), "{\"status\": \"contained\", \"note\": \"key revoked\"}",
                responderA), 200);

        assertThat(updated.get("status").asText()).isEqualTo("contained");
        assertThat(updated.get("notes").get(0).get("note").asText()).isEqualTo("key revoked");
        assertThat(updated.get("alerts")).hasSize(2);
        AlertLifecycleEvent event = writer.written().get(0);
        assertThat(writer.written()).hasSize(1);
        assertThat(event.getAction()).isEqualTo(LifecycleAction.INCIDENT_UPDATE);
        assertThat(event.getIncidentId()).isEqualTo(ofA.incidentId());
        assertThat(event.getIncidentStatus()).isEqualTo("contained");
        assertThat(event.getNote()).isEqualTo("key revoked");
        assertThat(event.getActor()).isEqualTo("alice");
        assertThat(event.getTenantId()).isEqualTo("tenant-a");
        assertThat(event.getAgentId()).isEqualTo(AGENT);
        assertThat(event.getAlertId()).isNull();
        assertThat(registry.scrape()).contains("vigil_lifecycle_incident_updates_total{outcome=\"applied\"} 1.0");
    }

    @Test
    void aNoteAloneKeepsTheStatus() throws Exception {
        JsonNode updated = json(patch(ofA.incidentId(), "{\"note\": \"paged the owner\"}", responderA), 200);

        assertThat(updated.get("status").asText()).isEqualTo("open");
        assertThat(updated.get("notes").get(0).get("status").isNull()).isTrue();
        assertThat(writer.written().get(0).getIncidentStatus()).isNull();
    }

    @Test
    void closingWithANoteWorksAndThenOnlyNotesAreAccepted() throws Exception {
        assertThat(json(patch(ofA.incidentId(), "{\"status\": \"closed\", \"note\": \"rotated\"}", responderA), 200)
                .get("status").asText()).isEqualTo("closed");

        JsonNode refused = json(patch(ofA.incidentId(), "{\"status\": \"investigating\"}", responderA), 409);
        assertThat(refused.get("error").asText()).contains("closed");
        assertThat(refused.get("status").asText()).isEqualTo("closed");
        assertThat(json(patch(ofA.incidentId(), "{\"note\": \"post-mortem on Friday\"}", responderA), 200)
                .get("notes")).hasSize(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"investigating, open", "investigating, investigating", "contained, investigating",
            "contained, open", "contained, contained"})
    void anIllegalMoveIsA409WithTheReasonAndWritesNothing(String from, String to) throws Exception {
        patch(ofA.incidentId(), "{\"status\": \"" + from + "\"}", responderA);
        int before = writer.written().size();

        JsonNode refused = json(patch(ofA.incidentId(), "{\"status\": \"" + to + "\", \"note\": \"x\"}", responderA), 409);

        assertThat(refused.get("error").asText()).contains(from.equals(to) ? "already " + from : "back from " + from);
        assertThat(refused.get("status").asText()).isEqualTo(from);
        assertThat(writer.written()).hasSize(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"status\": \"resolved\"}|status",
            "{\"status\": 3}|status",
            "{\"status\": \"closed\"}|note",
            "{\"note\": 42}|note",
            "{\"note\": \"   \"}|note",
            "{\"notes\": \"typo\"}|notes"})
    void aBadFieldIsA400NamingItAndWritesNothing(String body, String field) throws Exception {
        JsonNode error = json(patch(ofA.incidentId(), body, responderA), 400);

        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("error").asText()).contains("'" + field + "'");
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "{\"status\": null, \"note\": null}", "{\"status\": \"open\",}", "not json"})
    void aBodyWithoutStatusOrNoteOrNotJsonIsA400(String body) throws Exception {
        JsonNode error = json(patch(ofA.incidentId(), body, responderA), 400);

        assertThat(error.get("error").asText()).isNotBlank().doesNotContain("Exception");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aNoteOverTwoThousandCharactersIsA400() throws Exception {
        JsonNode error = json(patch(ofA.incidentId(), "{\"note\": \"" + "x".repeat(2001) + "\"}", responderA), 400);

        assertThat(error.get("field").asText()).isEqualTo("note");
        assertThat(error.get("error").asText()).contains("2000");
    }

    @Test
    void aViewerReadsButMayNotUpdate() throws Exception {
        assertThat(call("GET", "/v1/incidents/" + ofA.incidentId(), viewerA, null).statusCode()).isEqualTo(200);
        HttpResponse<String> r = call("PATCH", "/v1/incidents/" + ofA.incidentId(), viewerA, "{\"note\": \"x\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("responder");
        assertThat(call("GET", "/v1/incidents", null, null).statusCode()).isEqualTo(401);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aViewThatLagsGivesA202WithTheEventId() throws Exception {
        writer.viewLags();

        JsonNode pending = json(patch(ofA.incidentId(), "{\"status\": \"investigating\"}", responderA), 202);

        assertThat(pending.get("eventId").asText()).isEqualTo(writer.written().get(0).getEventId());
        assertThat(pending.get("message").asText()).contains("incident view");
    }

    @Test
    void kafkaNotConfirmingIsA503() throws Exception {
        writer.kafkaFails();

        HttpResponse<String> r = patch(ofA.incidentId(), "{\"status\": \"investigating\"}", responderA);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("broker");
    }

    @Test
    void aViewNotReadyIsA503() throws Exception {
        incidents.failWith(InMemoryViews.unavailable());

        assertThat(call("GET", "/v1/incidents", viewerA, null).statusCode()).isEqualTo(503);
        assertThat(call("GET", "/v1/incidents/" + ofA.incidentId(), viewerA, null).statusCode()).isEqualTo(503);
    }

    private HttpResponse<String> patch(String id, String body, ApiKeys.Created key) throws Exception {
        return call("PATCH", "/v1/incidents/" + id, key, body);
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

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode body) {
        return StreamSupport.stream(body.get("incidents").spliterator(), false)
                .map(n -> n.get("incidentId").asText()).toList();
    }
}
