package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AlertCommands;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * API keys on the alert routes: 401 without a valid key, 403 for a role that may not, and a tenant's key that never
 * sees or changes another tenant's alerts (every alert route × another tenant's key).
 */
class AccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Alert ofA = Fixtures.alert("alert-of-a", "did:web:a-agent", Severity.high, Fixtures.T0);
    private final Alert ofB = Alert.newBuilder(Fixtures.alert("alert-of-b", "did:web:b-agent", Severity.critical, Fixtures.T0))
            .setTenantId("tenant-b").build();
    private final InMemoryViews views = new InMemoryViews().add(ofA).add(ofB);
    private final RecordingWriter writer = new RecordingWriter(views);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created viewerA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created responderA = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");
    private final ApiKeys.Created responderB = ApiKeys.create("tenant-b", Role.RESPONDER, "bob");
    private final ApiKeys.Created adminA = ApiKeys.create("tenant-a", Role.ADMIN, null);
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        ApiKeys keys = ApiKeys.of(List.of(viewerA.entry(), responderA.entry(), responderB.entry(), adminA.entry(), operator.entry()));
        AlertCommands commands = new AlertCommands(views, writer, Clock.systemUTC(), Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands).build(), registry,
                () -> null, keys);
    }

    @AfterEach
    void stop() {
        server.close();
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

    @ParameterizedTest
    @CsvSource({"GET,/v1/alerts", "GET,/v1/alerts/alert-of-a", "POST,/v1/alerts/alert-of-a/acknowledge",
            "GET,/v1/rules", "GET,/v1/events/stream", "GET,/v1/no-such-route"})
    void withoutAValidKeyEveryRouteIs401AndSaysNothingMore(String method, String path) throws Exception {
        String wrongSecret = responderA.key().substring(0, responderA.key().length() - 4) + "AAAA";
        for (String key : new String[] {null, "nonsense", wrongSecret, "vk_00000000_" + "A".repeat(43)}) {
            HttpResponse<String> r = call(method, path, key, method.equals("POST") ? "{\"note\": \"x\"}" : null);
            assertThat(r.statusCode()).as(method + " " + path + " with " + key).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"vigil\"");
            assertThat(r.body()).contains("a valid API key is required").doesNotContain("alert-of").doesNotContain("Exception");
        }
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void healthAndMetricsNeedNoKey() throws Exception {
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aViewerReadsButMayNotActAndATenantKeyMayNotTouchWhatSpansTenants() throws Exception {
        assertThat(call("GET", "/v1/alerts", viewerA.key(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> ack = call("POST", "/v1/alerts/alert-of-a/acknowledge", viewerA.key(), "{\"note\": \"x\"}");
        assertThat(ack.statusCode()).isEqualTo(403);
        assertThat(ack.body()).contains("viewer").contains("responder");
        for (String action : new String[] {"reopen", "comment", "assign"}) {
            HttpResponse<String> r = call("POST", "/v1/alerts/alert-of-a/" + action, viewerA.key(),
                    "{\"note\": \"x\", \"assignee\": \"x\"}");
            assertThat(r.statusCode()).as(action).isEqualTo(403);
        }
        assertThat(call("GET", "/v1/alerts/alert-of-a", viewerA.key(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> rules = call("GET", "/v1/rules", adminA.key(), null);
        assertThat(rules.statusCode()).isEqualTo(403);
        assertThat(rules.body()).contains("operator key");
        assertThat(call("POST", "/v1/rules", responderA.key(), "{}").statusCode()).isEqualTo(403);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aTenantKeyListsAndActsOnlyOnItsTenantAndAnotherTenantsAlertDoesNotExistForIt() throws Exception {
        JsonNode listA = JSON.readTree(call("GET", "/v1/alerts", responderA.key(), null).body());
        assertThat(listA.get("alerts").findParents("alertId").stream().map(n -> n.get("alertId").asText()).distinct().toList()).containsExactly("alert-of-a");
        JsonNode listB = JSON.readTree(call("GET", "/v1/alerts?status=open&severity=critical", responderB.key(), null).body());
        assertThat(listB.get("alerts").findParents("alertId").stream().map(n -> n.get("alertId").asText()).distinct().toList()).containsExactly("alert-of-b");
        JsonNode all = JSON.readTree(call("GET", "/v1/alerts", operator.key(), null).body());
        assertThat(all.get("alerts").findParents("alertId").stream().map(n -> n.get("alertId").asText()).distinct().toList()).containsExactlyInAnyOrder("alert-of-a", "alert-of-b");

        // Every alert route with tenant A's key on tenant B's alert: 404 exactly as for an id that does not exist.
        HttpResponse<String> missing = call("GET", "/v1/alerts/no-such-alert", responderA.key(), null);
        for (String[] route : new String[][] {{"GET", "/v1/alerts/alert-of-b", null},
                {"POST", "/v1/alerts/alert-of-b/acknowledge", "{\"note\": \"mine now\"}"},
                {"POST", "/v1/alerts/alert-of-b/resolve", "{\"note\": \"x\", \"resolution\": \"benign\"}"},
                {"POST", "/v1/alerts/alert-of-b/reopen", "{\"note\": \"x\"}"},
                {"POST", "/v1/alerts/alert-of-b/comment", "{\"note\": \"x\"}"},
                {"POST", "/v1/alerts/alert-of-b/assign", "{\"assignee\": \"alice\"}"},
                {"POST", "/v1/alerts/alert-of-b/comment", "{not json"},
                {"POST", "/v1/alerts/alert-of-b/assign", "{}"}}) {
            HttpResponse<String> r = call(route[0], route[1], responderA.key(), route[2]);
            assertThat(r.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(r.body()).doesNotContain("tenant-b").doesNotContain("critical").doesNotContain("b-agent")
                    .isEqualTo(missing.body().replace("no-such-alert", "alert-of-b"));
        }
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aTenantKeyCannotAskTheLiveStreamForAnotherTenant() throws Exception {
        HttpResponse<String> other = call("GET", "/v1/events/stream?tenant=tenant-b", responderA.key(), null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("alert-of-b");
    }

    @Test
    void theActorOfAnActionIsTheKeyNotAHeader() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/alerts/alert-of-a/acknowledge")).POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"on it\"}"))
                .header("Authorization", "Bearer " + responderA.key()).header("X-Vigil-Actor", "someone-else").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isIn(200, 202);
        assertThat(writer.written()).singleElement().satisfies(e -> assertThat(e.getActor()).isEqualTo("alice"));
        ApiKeys.Created unnamed = adminA;
        assertThat(ApiKeys.of(List.of(unnamed.entry())).authenticate(unnamed.key()).orElseThrow().actor())
                .isEqualTo("key:" + unnamed.key().substring(3, 11));
    }
}
