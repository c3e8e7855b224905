package dev.vigil.lifecycle.api;

import static dev.vigil.lifecycle.api.ApiCalls.error;
import static dev.vigil.lifecycle.api.ApiCalls.ids;
import static dev.vigil.lifecycle.api.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v1/alerts: every filter, the tenant scoping of the tenant filter, and cursor pagination. */
class AlertListApiTest {

    private static final Instant T0 = Fixtures.T0;

    private final InMemoryViews views = new InMemoryViews()
            .add(alert("x-1", "tenant-a", "did:web:one", "velocity_spike", "behaviour", T0))
            .add(alert("x-2", "tenant-a", "did:web:two", "geo_anomaly", "access", T0.plusSeconds(10)))
            .add(alert("x-3", "tenant-a", "did:web:one", "geo_anomaly", "access", T0.plusSeconds(20)))
            .add(alert("x-4", "tenant-b", "did:web:three", "velocity_spike", "behaviour", T0.plusSeconds(30)));
    private final ApiKeys.Created viewerA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        AlertCommands commands = new AlertCommands(views, new RecordingWriter(views), Clock.systemUTC(),
                Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands).build(),
                OpsServer.newRegistry(), () -> null, ApiKeys.of(List.of(viewerA.entry(), operator.entry())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void filtersByRuleCategoryAgentAndTenant() throws Exception {
        assertThat(list(operator, "?rule=geo_anomaly")).containsExactly("x-3", "x-2");
        assertThat(list(operator, "?category=behaviour")).containsExactly("x-4", "x-1");
        assertThat(list(operator, "?agent=did:web:one")).containsExactly("x-3", "x-1");
        assertThat(list(operator, "?agent=did:web:one&rule=geo_anomaly")).containsExactly("x-3");
        assertThat(list(operator, "?tenant=tenant-b")).containsExactly("x-4");
        assertThat(list(operator, "?rule=no_such_rule")).isEmpty();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusiveOnDetectedAt() throws Exception {
        assertThat(list(operator, "?since=2025-03-01T10:00:10Z")).containsExactly("x-4", "x-3", "x-2");
        assertThat(list(operator, "?until=2025-03-01T10:00:10Z")).containsExactly("x-1");
        assertThat(list(operator, "?since=2025-03-01T10:00:10Z&until=2025-03-01T10:00:30Z")).containsExactly("x-3", "x-2");
    }

    @Test
    void sinceAndUntilTakeAnyOffsetAndAPlusThatArrivedAsASpace() throws Exception {
        assertThat(list(operator, "?since=2025-03-01T12:00:20%2B02:00")).containsExactly("x-4", "x-3");
        assertThat(list(operator, "?since=2025-03-01T12:00:20+02:00")).containsExactly("x-4", "x-3");
        assertThat(list(operator, "?since=2025-03-01t10:00:20.000z")).containsExactly("x-4", "x-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"since=yesterday", "until=2025-03-01", "since=2025-03-01T10:00Z", "until=2025-13-01T10:00:00Z"})
    void aTimeThatIsNoRfc3339TimestampIsA400NamingTheParameter(String query) throws Exception {
        String name = query.substring(0, query.indexOf('='));

        JsonNode error = error(get(operator, "/v1/alerts?" + query), 400);

        assertThat(error.get("error").asText()).contains("'" + name + "'").contains("RFC 3339");
        assertThat(error.get("parameter").asText()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-01T10:00:10Z", "2025-03-01T10:00:20Z"})
    void sinceNotBeforeUntilIsA400(String since) throws Exception {
        JsonNode error = error(get(operator, "/v1/alerts?since=" + since + "&until=2025-03-01T10:00:10Z"), 400);

        assertThat(error.get("error").asText()).contains("'since'").contains("'until'");
        assertThat(error.get("parameter").asText()).isEqualTo("since");
    }

    @Test
    void aTenantKeyListsOnlyItsTenantWhateverTenantItAsksFor() throws Exception {
        assertThat(list(viewerA, "")).containsExactly("x-3", "x-2", "x-1");
        assertThat(list(viewerA, "?tenant=tenant-a")).containsExactly("x-3", "x-2", "x-1");

        HttpResponse<String> other = get(viewerA, "/v1/alerts?tenant=tenant-b");

        assertThat(other.statusCode()).isEqualTo(200);
        JsonNode body = json(other);
        assertThat(body.get("alerts")).isEmpty();
        assertThat(body.get("count").asInt()).isZero();
        assertThat(body.get("nextCursor").isNull()).isTrue();
        assertThat(other.body()).doesNotContain("x-4").doesNotContain("did:web:three");
    }

    @Test
    void aPartPageHasNoNextCursorAndAFullPageHasOne() throws Exception {
        assertThat(json(get(operator, "/v1/alerts")).get("nextCursor").isNull()).isTrue();

        JsonNode full = json(get(operator, "/v1/alerts?limit=2"));

        assertThat(ids(full.get("alerts"))).containsExactly("x-4", "x-3");
        assertThat(full.get("nextCursor").asText()).matches("[A-Za-z0-9_-]+");
        JsonNode next = json(get(operator, "/v1/alerts?limit=2&cursor=" + full.get("nextCursor").asText()));
        assertThat(ids(next.get("alerts"))).containsExactly("x-2", "x-1");
    }

    @Test
    void twoHundredFiftyAlertsPagedByAHundredComeEachExactlyOnceInOrderWhileNewOnesArrive() throws Exception {
        List<String> expected = new ArrayList<>(List.of("x-4", "x-3", "x-2", "x-1"));
        List<String> older = IntStream.range(0, 246).mapToObj(i -> String.format("p-%03d", i)).toList();
        for (int i = 0; i < older.size(); i++) {
            // Pairs share a detection time, so ties are ordered by alertId across page boundaries too.
            views.add(alert(older.get(i), "tenant-a", "did:web:one", "velocity_spike", "behaviour",
                    T0.minusSeconds(1 + i / 2)));
        }
        expected.addAll(older);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(get(operator, "/v1/alerts?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)));
            seen.addAll(ids(page.get("alerts")));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            views.add(alert("new-" + pages, "tenant-a", "did:web:one", "velocity_spike", "behaviour",
                    T0.plusSeconds(3600 + pages)));
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "eA", "MXxub3QtYS10aW1lfHgtMQ", "MnwyMDI1LTAzLTAxVDEwOjAwOjAwWnx4LTE"})
    void aCursorThatDoesNotDecodeIsA400NamingIt(String cursor) throws Exception {
        String encoded = java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8);

        JsonNode error = error(get(operator, "/v1/alerts?cursor=" + encoded), 400);

        assertThat(error.get("error").asText()).contains("'cursor'");
        assertThat(error.get("parameter").asText()).isEqualTo("cursor");
    }

    @Test
    void theCursorIsBase64urlOfTheLastPosition() throws Exception {
        String cursor = json(get(operator, "/v1/alerts?limit=1")).get("nextCursor").asText();

        assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8))
                .isEqualTo("1|2025-03-01T10:00:30Z|x-4");
    }

    private static Alert alert(String id, String tenant, String agent, String rule, String category, Instant detectedAt) {
        return Alert.newBuilder(Fixtures.alert(id, agent, Severity.high, detectedAt))
                .setTenantId(tenant).setRuleId(rule).setCategory(category).build();
    }

    private List<String> list(ApiKeys.Created key, String query) throws Exception {
        HttpResponse<String> response = get(key, "/v1/alerts" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ids(json(response).get("alerts"));
    }

    private HttpResponse<String> get(ApiKeys.Created key, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + key.key()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
