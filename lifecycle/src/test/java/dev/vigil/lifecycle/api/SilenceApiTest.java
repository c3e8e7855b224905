package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Silence;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.TestClock;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.silence.SilenceSpec;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The silences API on a real Javalin server (free port) over an in-memory silences view and writer, on a test clock. */
class SilenceApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final String IN_2H = "2026-11-20T12:00:00Z";

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryRecords<Silence, SilenceSpec> view = InMemoryRecords.silences();
    private final RecordingTopicWriter<Silence> writer = new RecordingTopicWriter<>(view);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer server;

    @BeforeEach
    void startServer() {
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices()
                .silences(new SilenceCommands(view, writer, Duration.ofDays(7), clock)).build(), registry, () -> null);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static String silence(String matchers, String endsAt) {
        return "{\"matchers\": " + matchers + ", \"endsAt\": \"" + endsAt + "\", \"comment\": \"deploy of CHG-1234\"}";
    }

    private static final String OF_AGENT = silence("{\"agentId\": \"did:web:x\"}", IN_2H);

    // ---- POST /v1/silences ----

    @Test
    void createAnswers201WithTheGeneratedIdAndWritesTheRecord() throws Exception {
        HttpResponse<String> response = created(post("/v1/silences", OF_AGENT, "alice"));

        JsonNode body = json(response);
        String id = body.get("silenceId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.headers().firstValue("Location")).contains("/v1/silences/" + id);
        assertThat(body).isEqualTo(JSON.readTree("""
                {"silenceId": "%s", "matchers": {"agentId": "did:web:x"}, "startsAt": "2026-11-20T10:00:00.000Z",
                 "endsAt": "2026-11-20T12:00:00.000Z", "createdBy": "alice", "comment": "deploy of CHG-1234",
                 "createdAt": "2026-11-20T10:00:00.000Z", "state": "active"}
                """.formatted(id)));
        assertThat(writer.written()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo(id);
            assertThat(w.value()).isEqualTo(Silence.newBuilder().setSilenceId(id).setMatchers(Map.of("agentId", "did:web:x"))
                    .setStartsAt(NOW).setEndsAt(Instant.parse(IN_2H)).setCreatedBy("alice")
                    .setComment("deploy of CHG-1234").setCreatedAt(NOW).build());
        });
    }

    @Test
    void createdByIsTheActorUnlessGivenAndAnonymousWithoutOne() throws Exception {
        assertThat(json(created(post("/v1/silences", OF_AGENT, null))).get("createdBy").asText()).isEqualTo("anonymous");
        assertThat(json(created(post("/v1/silences", "{\"matchers\": {\"ruleId\": \"r\"}, \"endsAt\": \"" + IN_2H
                + "\", \"comment\": \"c\", \"createdBy\": \"ops-bot\"}", "alice"))).get("createdBy").asText())
                .isEqualTo("ops-bot");
    }

    @Test
    void aSilenceMayStartLaterAndIsPendingUntilThen() throws Exception {
        JsonNode body = json(created(post("/v1/silences", "{\"silenceId\": \"night\", \"matchers\": {\"tenantId\": "
                + "\"acme\"}, \"startsAt\": \"2026-11-20T22:00:00+01:00\", \"endsAt\": \"2026-11-21T06:00:00Z\", "
                + "\"comment\": \"nightly batch\"}", "alice")));

        assertThat(body.get("silenceId").asText()).isEqualTo("night");
        assertThat(body.get("startsAt").asText()).isEqualTo("2026-11-20T21:00:00.000Z");
        assertThat(body.get("state").asText()).isEqualTo("pending");
    }

    @Test
    void creatingAnIdThatExistsIsA409() throws Exception {
        String body = "{\"silenceId\": \"s1\", \"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"" + IN_2H
                + "\", \"comment\": \"c\"}";
        created(post("/v1/silences", body, "alice"));

        assertThat(error(post("/v1/silences", body, "alice"), 409).get("error").asText())
                .isEqualTo("a silence with id s1 exists");
        assertThat(writer.written()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \"c\"}                           | matchers          | needs at least one of",
            "{\"matchers\": {\"priority\": \"p1\"}, \"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \"c\"} | matchers.priority | allowed: tenantId, agentId, ruleId, severity, category, alertId",
            "{\"matchers\": {\"severity\": \"urgent\"}, \"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \"c\"} | matchers.severity | must be one of low, medium, high, critical",
            "{\"matchers\": {\"agentId\": \"a\"}, \"comment\": \"c\"}                              | endsAt            | is required",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"noon\", \"comment\": \"c\"}        | endsAt            | must be an RFC 3339 time",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-27T10:00:00.001Z\", \"comment\": \"c\"} | endsAt | a silence lasts at most 7d from startsAt",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-20T09:00:00Z\", \"comment\": \"c\"} | endsAt          | must be after startsAt",
            "{\"matchers\": {\"agentId\": \"a\"}, \"startsAt\": \"2026-11-20T08:00:00Z\", \"endsAt\": \"2026-11-20T09:00:00Z\", \"comment\": \"c\"} | endsAt | must be in the future",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-20T12:00:00Z\"}            | comment           | is required",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \" \"} | comment      | must not be blank",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \"c\", \"silenceId\": \"a/b\"} | silenceId | 1 to 64",
            "{\"matchers\": {\"agentId\": \"a\"}, \"endsAt\": \"2026-11-20T12:00:00Z\", \"comment\": \"c\", \"until\": 1} | until | is not a field of a silence",
    })
    void aSilenceThatDoesNotValidateIsA400NamingTheFieldAndTheReason(String body, String field, String reason) throws Exception {
        JsonNode error = error(post("/v1/silences", body, "alice"), 400);

        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("reason").asText()).contains(reason);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aSilenceOfExactlyTheMaximumIsFine() throws Exception {
        created(post("/v1/silences", silence("{\"agentId\": \"a\"}", "2026-11-27T10:00:00Z"), "alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", ""})
    void aBodyThatIsNoJsonObjectIsA400(String body) throws Exception {
        error(post("/v1/silences", body, "alice"), 400);
    }

    // ---- GET ----

    @Test
    void getsASilenceAndItsStateAsTimePasses() throws Exception {
        String id = json(created(post("/v1/silences", OF_AGENT, "alice"))).get("silenceId").asText();

        assertThat(json(ok(get("/v1/silences/" + id))).get("state").asText()).isEqualTo("active");
        clock.advance(Duration.ofHours(2));
        assertThat(json(ok(get("/v1/silences/" + id))).get("state").asText()).isEqualTo("ended");
    }

    @Test
    void anIdWithoutSilenceIsA404() throws Exception {
        assertThat(error(get("/v1/silences/nope"), 404).get("error").asText()).isEqualTo("no silence with id nope");
    }

    @Test
    void theListHoldsActiveAndPendingSilencesByStartAndAllWhenAsked() throws Exception {
        created(post("/v1/silences", "{\"silenceId\": \"later\", \"matchers\": {\"agentId\": \"a\"}, \"startsAt\": "
                + "\"2026-11-20T11:00:00Z\", \"endsAt\": \"2026-11-20T13:00:00Z\", \"comment\": \"c\"}", "alice"));
        created(post("/v1/silences", "{\"silenceId\": \"short\", \"matchers\": {\"agentId\": \"a\"}, \"endsAt\": "
                + "\"2026-11-20T10:30:00Z\", \"comment\": \"c\"}", "alice"));
        created(post("/v1/silences", "{\"silenceId\": \"long\", \"matchers\": {\"agentId\": \"a\"}, \"endsAt\": "
                + "\"2026-11-21T10:00:00Z\", \"comment\": \"c\"}", "alice"));
        clock.advance(Duration.ofMinutes(45));

        JsonNode current = json(ok(get("/v1/silences")));
        JsonNode all = json(ok(get("/v1/silences?all=true")));

        assertThat(current.get("silences")).extracting(s -> s.get("silenceId").asText()).containsExactly("long", "later");
        assertThat(current.get("silences")).extracting(s -> s.get("state").asText()).containsExactly("active", "pending");
        assertThat(current.get("count").asInt()).isEqualTo(2);
        assertThat(all.get("silences")).extracting(s -> s.get("silenceId").asText()).containsExactly("long", "short", "later");
        assertThat(json(ok(get("/v1/silences?all=false"))).get("count").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?all=yes", "?all=true&all=false"})
    void aBadAllIsA400(String query) throws Exception {
        assertThat(error(get("/v1/silences" + query), 400).get("error").asText()).contains("'all' must be true or false");
    }

    // ---- DELETE /v1/silences/{id} ----

    @Test
    void deleteEndsTheSilenceNowAndRecordsWhoEndedIt() throws Exception {
        String id = json(created(post("/v1/silences", OF_AGENT, "alice"))).get("silenceId").asText();
        clock.advance(Duration.ofMinutes(20));

        HttpResponse<String> response = delete("/v1/silences/" + id, "bob");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(writer.written()).hasSize(2).last().satisfies(w -> {
            assertThat(w.key()).isEqualTo(id);
            assertThat(w.value().getEndsAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
            assertThat(w.value().getStartsAt()).isEqualTo(NOW);
            assertThat(w.value().getCreatedBy()).isEqualTo("alice");
            assertThat(w.value().getComment())
                    .isEqualTo("deploy of CHG-1234 [ended early by bob at 2026-11-20T10:20:00.000Z]");
        });
        JsonNode read = json(ok(get("/v1/silences/" + id)));
        assertThat(read.get("state").asText()).isEqualTo("ended");
        assertThat(read.get("endsAt").asText()).isEqualTo("2026-11-20T10:20:00.000Z");
        assertThat(json(ok(get("/v1/silences"))).get("count").asInt()).isZero();
        assertThat(json(ok(get("/v1/silences?all=true"))).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void endingASilenceThatHadNotBegunMeansItNeverWill() throws Exception {
        created(post("/v1/silences", "{\"silenceId\": \"night\", \"matchers\": {\"tenantId\": \"acme\"}, \"startsAt\": "
                + "\"2026-11-20T22:00:00Z\", \"endsAt\": \"2026-11-21T06:00:00Z\", \"comment\": \"c\"}", "alice"));

        assertThat(delete("/v1/silences/night", "bob").statusCode()).isEqualTo(204);

        assertThat(writer.written()).last().satisfies(w -> assertThat(w.value().getEndsAt())
                .isEqualTo(Instant.parse("2026-11-20T22:00:00Z")).isEqualTo(w.value().getStartsAt()));
        clock.advance(Duration.ofHours(13));
        assertThat(json(ok(get("/v1/silences/night"))).get("state").asText()).isEqualTo("ended");
    }

    @Test
    void endingASilenceThatIsOverIsA409() throws Exception {
        String id = json(created(post("/v1/silences", OF_AGENT, "alice"))).get("silenceId").asText();
        clock.advance(Duration.ofHours(3));

        JsonNode error = error(delete("/v1/silences/" + id, "bob"), 409);

        assertThat(error.get("error").asText()).isEqualTo("the silence " + id + " is over since 2026-11-20T12:00:00.000Z");
        assertThat(error.get("endsAt").asText()).isEqualTo("2026-11-20T12:00:00.000Z");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void endingAnIdWithoutSilenceIsA404() throws Exception {
        error(delete("/v1/silences/nope", "bob"), 404);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void anEndedSilenceIsShownEndedAtOnceEvenWhileTheViewLags() throws Exception {
        String id = json(created(post("/v1/silences", OF_AGENT, "alice"))).get("silenceId").asText();
        writer.viewLags();
        clock.advance(Duration.ofMinutes(1));

        assertThat(delete("/v1/silences/" + id, "bob").statusCode()).isEqualTo(204);

        assertThat(json(ok(get("/v1/silences/" + id))).get("state").asText()).isEqualTo("ended");
        error(delete("/v1/silences/" + id, "bob"), 409);
    }

    // ---- availability, metrics ----

    @Test
    void aSilencesViewNotReadyIsA503() throws Exception {
        view.failWith(new ViewUnavailableException("silences view", "restoring", null));

        assertThat(error(get("/v1/silences"), 503).get("error").asText()).isEqualTo("the silences view is not ready; retry shortly");
        error(post("/v1/silences", OF_AGENT, "alice"), 503);
    }

    @Test
    void kafkaNotConfirmingIsA503() throws Exception {
        writer.kafkaFails();

        error(post("/v1/silences", OF_AGENT, "alice"), 503);
        assertThat(json(ok(get("/v1/silences?all=true"))).get("count").asInt()).isZero();
    }

    @Test
    void changesAreCountedByOutcome() throws Exception {
        String id = json(created(post("/v1/silences", OF_AGENT, "alice"))).get("silenceId").asText();
        error(post("/v1/silences", "{}", "alice"), 400);
        assertThat(delete("/v1/silences/" + id, "bob").statusCode()).isEqualTo(204);
        error(delete("/v1/silences/" + id, "bob"), 409);
        error(delete("/v1/silences/nope", "bob"), 404);

        assertThat(get("/metrics").body())
                .contains("vigil_lifecycle_silence_changes_total{action=\"create\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_silence_changes_total{action=\"create\",outcome=\"invalid\"} 1.0")
                .contains("vigil_lifecycle_silence_changes_total{action=\"end\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_silence_changes_total{action=\"end\",outcome=\"conflict\"} 1.0")
                .contains("vigil_lifecycle_silence_changes_total{action=\"end\",outcome=\"not_found\"} 1.0");
    }

    // ---- helpers ----

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), "alice");
    }

    private HttpResponse<String> post(String path, String body, String actor) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), actor);
    }

    private HttpResponse<String> delete(String path, String actor) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), actor);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String actor) throws IOException, InterruptedException {
        request.header("Content-Type", "application/json");
        if (actor != null) {
            request.header("X-Vigil-Actor", actor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static JsonNode error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        JsonNode body = json(response);
        assertThat(body.get("error").isTextual()).isTrue();
        return body;
    }
}
