package dev.vigil.lifecycle.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.ingest.AlertJson;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.FakeHookType;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.LogCapture;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.HostPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channels API on a real Javalin server (free port) over an in-memory channels view and writer, with the console
 * type and a webhook-like test type ({@link FakeHookType}) whose token is a secret, tested against WireMock.
 */
class ChannelApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-7d3f9a2c51e8b604";
    private static final String HOOK_PATH = "/in/vigil";

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ChannelSpecs specs = ChannelSpecs.STANDARD.with(FakeHookType.REGISTRATION);
    private final InMemoryRecords<ChannelConfig, ChannelSpec> view = InMemoryRecords.channels(specs);
    private final RecordingTopicWriter<ChannelConfig> writer = new RecordingTopicWriter<>(view);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> answers = new ArrayList<>();
    private LogCapture logs;
    private LifecycleHttpServer server;

    @BeforeEach
    void startServer() {
        logs = new LogCapture();
        HostPolicy hosts = new HostPolicy(Set.of("localhost:" + RECEIVER.getPort()));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices()
                .channels(new ChannelCommands(view, writer, specs, hosts, Clock.systemUTC())).build(), registry, () -> null);
    }

    @AfterEach
    void stopServerAndCheckNoSecretLeaked() {
        server.close();
        List<String> lines = logs.lines();
        logs.close();
        assertThat(lines).as("log lines").noneMatch(line -> line.contains(TOKEN));
        assertThat(answers).as("answers").noneMatch(body -> body.contains(TOKEN));
    }

    private static String hook(String name, String token) {
        return "{\"name\": \"" + name + "\", \"type\": \"fakehook\", \"severities\": [\"high\", \"critical\"],"
                + " \"matchers\": {\"tenantId\": \"acme\"}, \"groupWait\": \"30s\","
                + " \"settings\": {\"url\": \"" + RECEIVER.baseUrl() + HOOK_PATH + "\", \"token\": \"" + token + "\"}}";
    }

    private static final String CONSOLE = "{\"name\": \"ops-console\", \"type\": \"console\"}";

    // ---- GET /v1/channels ----

    @Test
    void listsNoChannelAtFirst() throws Exception {
        JsonNode body = json(ok(get("/v1/channels")));

        assertThat(body.get("channels")).isEmpty();
        assertThat(body.get("count").asInt()).isZero();
    }

    @Test
    void listsEveryChannelInNameOrderWithSecretsRedacted() throws Exception {
        created(post("/v1/channels", hook("sec-hook", TOKEN)));
        created(post("/v1/channels", CONSOLE));

        JsonNode body = json(ok(get("/v1/channels")));

        assertThat(body.get("channels")).extracting(c -> c.get("name").asText()).containsExactly("ops-console", "sec-hook");
        assertThat(body.get("channels").get(1).get("settings").get("token").asText()).isEqualTo("***");
        assertThat(body.get("channels").get(1).get("settings").get("url").asText()).isEqualTo(RECEIVER.baseUrl() + HOOK_PATH);
        assertThat(body.get("count").asInt()).isEqualTo(2);
    }

    // ---- GET /v1/channels/{name} ----

    @Test
    void getsAChannelWithEveryFieldAndItsSecretsRedacted() throws Exception {
        created(post("/v1/channels", hook("sec-hook", TOKEN)));

        assertThat(json(ok(get("/v1/channels/sec-hook")))).isEqualTo(JSON.readTree("""
                {"name": "sec-hook", "type": "fakehook", "enabled": true, "severities": ["high", "critical"],
                 "matchers": {"tenantId": "acme"}, "settings": {"token": "***", "url": "%s"},
                 "groupWait": "30s", "groupInterval": null, "repeatInterval": null, "rateBudget": null}
                """.formatted(RECEIVER.baseUrl() + HOOK_PATH)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "has%20space", "%E2%80%AE%0A"})
    void aNameWithoutChannelIsA404(String name) throws Exception {
        assertThat(error(get("/v1/channels/" + name), 404).get("error").asText()).startsWith("no channel named");
    }

    // ---- POST /v1/channels ----

    @Test
    void createAnswers201WithLocationAndWritesTheRecordWithItsSecret() throws Exception {
        HttpResponse<String> response = created(post("/v1/channels", hook("sec-hook", TOKEN)));

        assertThat(response.headers().firstValue("Location")).contains("/v1/channels/sec-hook");
        assertThat(json(response).get("settings").get("token").asText()).isEqualTo("***");
        assertThat(writer.written()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("sec-hook");
            assertThat(w.value().getSettings()).containsEntry("token", TOKEN);
            assertThat(w.value().getGroupWait()).isEqualTo("30s");
        });
    }

    @Test
    void creatingANameThatExistsIsA409() throws Exception {
        created(post("/v1/channels", CONSOLE));

        assertThat(error(post("/v1/channels", CONSOLE), 409).get("error").asText())
                .isEqualTo("a channel named ops-console exists; change it with PUT /v1/channels/ops-console");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void aCreatedChannelIsReadBackAtOnceEvenWhileTheViewLags() throws Exception {
        writer.viewLags();

        created(post("/v1/channels", CONSOLE));

        assertThat(json(ok(get("/v1/channels/ops-console"))).get("type").asText()).isEqualTo("console");
        assertThat(json(ok(get("/v1/channels"))).get("count").asInt()).isEqualTo(1);
        error(post("/v1/channels", CONSOLE), 409);
        writer.catchUp();
        assertThat(json(ok(get("/v1/channels"))).get("count").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"a b\", \"type\": \"console\"}                           | name           | must be 1 to 64 of the characters",
            "{\"type\": \"console\"}                                              | name           | is required",
            "{\"name\": \"c\", \"type\": \"pigeon\"}                              | type           | unknown type \"pigeon\"; known: console, datadog, email, fakehook, pagerduty, slack, webhook",
            "{\"name\": \"c\", \"type\": \"console\", \"severities\": [\"urgent\"]} | severities[0] | must be one of low, medium, high, critical",
            "{\"name\": \"c\", \"type\": \"console\", \"matchers\": {\"severity\": \"high\"}} | matchers.severity | allowed: tenantId, agentId, ruleId, category",
            "{\"name\": \"c\", \"type\": \"console\", \"groupWait\": \"2h\"}       | groupWait      | must be from 0s to 1h",
            "{\"name\": \"c\", \"type\": \"console\", \"repeatInterval\": \"10s\"} | repeatInterval | must be from 1m to 30d",
            "{\"name\": \"c\", \"type\": \"console\", \"rateBudget\": \"fast\"}   | rateBudget     | sends/period, e.g. 120/1m",
            "{\"name\": \"c\", \"type\": \"console\", \"rateBudget\": \"0/1m\"}   | rateBudget     | at least 1 send",
            "{\"name\": \"c\", \"type\": \"console\", \"settings\": {\"url\": \"x\"}} | settings.url | the console channel takes no settings",
            "{\"name\": \"c\", \"type\": \"console\", \"colour\": \"red\"}         | colour         | is not a field of a channel",
            "{\"name\": \"c\", \"type\": \"fakehook\", \"settings\": {\"token\": \"tok-7d3f9a2c51e8b604\"}} | settings.url | is required",
            "{\"name\": \"c\", \"type\": \"fakehook\", \"settings\": {\"url\": \"http://h\", \"token\": \"***\"}} | settings.token | the mark of a redacted secret",
    })
    void aChannelThatDoesNotValidateIsA400NamingTheFieldAndTheReason(String body, String field, String reason) throws Exception {
        JsonNode error = error(post("/v1/channels", body), 400);

        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("reason").asText()).contains(reason);
        assertThat(error.get("error").asText()).isEqualTo("field '" + field + "': " + error.get("reason").asText());
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"name\": \"a\", \"name\": \"b\", \"type\": \"console\"}", "{} []"})
    void malformedJsonIsA400(String body) throws Exception {
        assertThat(error(post("/v1/channels", body), 400).get("error").asText()).startsWith("malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"console\""})
    void aBodyThatIsNoObjectIsA400(String body) throws Exception {
        assertThat(error(post("/v1/channels", body), 400).get("error").asText())
                .isEqualTo("the body must be a channel as a JSON object");
    }

    @Test
    void aBodyOver64KilobytesIsA413() throws Exception {
        error(post("/v1/channels", "{\"name\": \"" + "x".repeat(70_000) + "\"}"), 413);
    }

    // ---- PUT /v1/channels/{name} ----

    @Test
    void replaceWritesTheNewConfigAndTakesTheNameFromThePath() throws Exception {
        created(post("/v1/channels", CONSOLE));

        JsonNode replaced = json(ok(put("/v1/channels/ops-console", "{\"type\": \"console\", \"enabled\": false}")));

        assertThat(replaced.get("name").asText()).isEqualTo("ops-console");
        assertThat(replaced.get("enabled").asBoolean()).isFalse();
        assertThat(writer.written()).hasSize(2).last().satisfies(w -> assertThat(w.value().getEnabled()).isFalse());
    }

    @Test
    void aChannelAsReadCanBePutBackAndKeepsItsSecret() throws Exception {
        created(post("/v1/channels", hook("sec-hook", TOKEN)));
        JsonNode read = json(ok(get("/v1/channels/sec-hook")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) read).putArray("severities").add("low");

        JsonNode replaced = json(ok(put("/v1/channels/sec-hook", read.toString())));

        assertThat(replaced.get("settings").get("token").asText()).isEqualTo("***");
        assertThat(replaced.get("severities")).extracting(JsonNode::asText).containsExactly("low");
        assertThat(writer.written()).last().satisfies(w -> {
            assertThat(w.value().getSettings()).containsEntry("token", TOKEN);
            assertThat(w.value().getSeverities()).extracting(Enum::name).containsExactly("low");
        });
    }

    @Test
    void aNewSecretValueReplacesTheStoredOne() throws Exception {
        created(post("/v1/channels", hook("sec-hook", TOKEN)));

        ok(put("/v1/channels/sec-hook", hook("sec-hook", "tok-rotated-0001")));

        assertThat(writer.written()).last().satisfies(w -> assertThat(w.value().getSettings())
                .containsEntry("token", "tok-rotated-0001"));
    }

    @Test
    void theMarkForAChannelOfAnotherTypeIsA400() throws Exception {
        created(post("/v1/channels", "{\"name\": \"sec-hook\", \"type\": \"console\"}"));

        JsonNode error = error(put("/v1/channels/sec-hook", hook("sec-hook", "***")), 400);

        assertThat(error.get("field").asText()).isEqualTo("settings.token");
        assertThat(error.get("reason").asText()).contains("has no stored token of type fakehook");
    }

    @Test
    void aBodyWithAnotherNameIsA400NamingName() throws Exception {
        created(post("/v1/channels", CONSOLE));

        JsonNode error = error(put("/v1/channels/ops-console", "{\"name\": \"other\", \"type\": \"console\"}"), 400);

        assertThat(error.get("field").asText()).isEqualTo("name");
        assertThat(error.get("reason").asText()).contains("must be the name in the path");
    }

    @Test
    void replacingANameWithoutChannelIsA404() throws Exception {
        assertThat(error(put("/v1/channels/nope", "{\"type\": \"console\"}"), 404).get("error").asText())
                .isEqualTo("no channel named nope");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aReplacementThatDoesNotValidateIsA400AndChangesNothing() throws Exception {
        created(post("/v1/channels", CONSOLE));

        assertThat(error(put("/v1/channels/ops-console", "{\"type\": \"console\", \"groupInterval\": \"0s\"}"), 400)
                .get("field").asText()).isEqualTo("groupInterval");
        assertThat(writer.written()).hasSize(1);
    }

    // ---- DELETE /v1/channels/{name} ----

    @Test
    void deleteAnswers204AndWritesATombstone() throws Exception {
        created(post("/v1/channels", CONSOLE));

        HttpResponse<String> response = delete("/v1/channels/ops-console");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(writer.written()).last().satisfies(w -> {
            assertThat(w.key()).isEqualTo("ops-console");
            assertThat(w.value()).isNull();
        });
        error(get("/v1/channels/ops-console"), 404);
        assertThat(json(ok(get("/v1/channels"))).get("count").asInt()).isZero();
    }

    @Test
    void aDeletedChannelIsGoneAtOnceEvenWhileTheViewLagsAndMayBeCreatedAgain() throws Exception {
        created(post("/v1/channels", CONSOLE));
        writer.viewLags();

        assertThat(delete("/v1/channels/ops-console").statusCode()).isEqualTo(204);

        error(get("/v1/channels/ops-console"), 404);
        created(post("/v1/channels", CONSOLE));
        writer.catchUp();
        ok(get("/v1/channels/ops-console"));
    }

    @Test
    void deletingANameWithoutChannelIsA404() throws Exception {
        error(delete("/v1/channels/nope"), 404);
        assertThat(writer.written()).isEmpty();
    }

    // ---- POST /v1/channels/{name}/test ----

    @Test
    void aTestSendsOneSyntheticAlertAndSaysItWasDelivered() throws Exception {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(202)));
        created(post("/v1/channels", hook("sec-hook", TOKEN)));

        JsonNode result = json(ok(post("/v1/channels/sec-hook/test", "")));

        assertThat(result).isEqualTo(JSON.readTree("{\"outcome\": \"delivered\", \"statusCode\": 202, \"reason\": null}"));
        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(HOOK_PATH)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        Alert sent = AlertJson.parse(requests.get(0).getBodyAsString());
        assertThat(sent.getRuleId()).isEqualTo("vigil_channel_test");
        assertThat(sent.getAlertId()).startsWith("vigil-test-");
        assertThat(sent.getDescription()).contains("channel sec-hook, sent by alice");
        assertThat(sent.getChannels()).containsExactly("sec-hook");
        assertThat(requests.get(0).getHeader("Idempotency-Key")).hasSize(32);
    }

    @Test
    void aFailedTestMakesOneAttemptAndMasksTheSecretInTheReason() throws Exception {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(503)
                .withBody("token " + TOKEN + " is over quota, see " + RECEIVER.baseUrl() + "/why?token=" + TOKEN)));
        created(post("/v1/channels", hook("sec-hook", TOKEN)));

        JsonNode result = json(ok(post("/v1/channels/sec-hook/test", "")));

        assertThat(result.get("outcome").asText()).isEqualTo("failed");
        assertThat(result.get("statusCode").asInt()).isEqualTo(503);
        assertThat(result.get("reason").asText()).isEqualTo("HTTP 503: token *** is over quota, see "
                + RECEIVER.baseUrl() + "/why");
        RECEIVER.verify(1, postRequestedFor(urlPathEqualTo(HOOK_PATH)));
    }

    @Test
    void aTestOfAnUnreachableEndpointFailsWithoutAStatus() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        server.close();
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().channels(new ChannelCommands(view, writer,
                specs, HostPolicy.allowAll(), Clock.systemUTC())).build(), registry, () -> null);
        created(post("/v1/channels", "{\"name\": \"gone\", \"type\": \"fakehook\", \"settings\": {\"url\": "
                + "\"http://localhost:" + closed + "/in\", \"token\": \"" + TOKEN + "\"}}"));

        JsonNode result = json(ok(post("/v1/channels/gone/test", "")));

        assertThat(result.get("outcome").asText()).isEqualTo("failed");
        assertThat(result.get("statusCode").isNull()).isTrue();
        assertThat(result.get("reason").asText()).startsWith("ConnectException");
    }

    @Test
    void aTestOfAHostThatIsNotAllowListedIsRefusedByTheSsrfGuard() throws Exception {
        created(post("/v1/channels", "{\"name\": \"internal\", \"type\": \"fakehook\", \"settings\": {\"url\": "
                + "\"http://127.0.0.1:" + RECEIVER.getPort() + HOOK_PATH + "\", \"token\": \"" + TOKEN + "\"}}"));

        JsonNode result = json(ok(post("/v1/channels/internal/test", "")));

        assertThat(result.get("outcome").asText()).isEqualTo("failed");
        assertThat(result.get("reason").asText()).contains("loopback");
        RECEIVER.verify(0, postRequestedFor(urlPathEqualTo(HOOK_PATH)));
    }

    @Test
    void aTestOfTheConsoleIsDelivered() throws Exception {
        created(post("/v1/channels", CONSOLE));

        assertThat(json(ok(post("/v1/channels/ops-console/test", ""))).get("outcome").asText()).isEqualTo("delivered");
    }

    @Test
    void testingANameWithoutChannelIsA404() throws Exception {
        error(post("/v1/channels/nope/test", ""), 404);
    }

    // ---- availability, metrics ----

    @Test
    void aChannelsViewNotReadyIsA503() throws Exception {
        view.failWith(new ViewUnavailableException("channels view", "restoring", null));

        HttpResponse<String> response = get("/v1/channels");

        assertThat(error(response, 503).get("error").asText()).isEqualTo("the channels view is not ready; retry shortly");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        error(post("/v1/channels", CONSOLE), 503);
    }

    @Test
    void kafkaNotConfirmingIsA503() throws Exception {
        writer.kafkaFails();

        assertThat(error(post("/v1/channels", CONSOLE), 503).get("error").asText()).contains("read it before repeating");
        error(get("/v1/channels/ops-console"), 404);
    }

    @Test
    void changesAndTestsAreCountedByOutcome() throws Exception {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(400)));
        created(post("/v1/channels", hook("sec-hook", TOKEN)));
        error(post("/v1/channels", hook("sec-hook", TOKEN)), 409);
        error(post("/v1/channels", "{"), 400);
        error(put("/v1/channels/nope", "{\"type\": \"console\"}"), 404);
        error(delete("/v1/channels/nope"), 404);
        ok(post("/v1/channels/sec-hook/test", ""));

        assertThat(get("/metrics").body())
                .contains("vigil_lifecycle_channel_changes_total{action=\"create\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_channel_changes_total{action=\"create\",outcome=\"conflict\"} 1.0")
                .contains("vigil_lifecycle_channel_changes_total{action=\"create\",outcome=\"invalid\"} 1.0")
                .contains("vigil_lifecycle_channel_changes_total{action=\"replace\",outcome=\"not_found\"} 1.0")
                .contains("vigil_lifecycle_channel_changes_total{action=\"delete\",outcome=\"not_found\"} 1.0")
                .contains("vigil_lifecycle_channel_tests_total{outcome=\"failed\"} 1.0");
    }

    @Test
    void changesAreLoggedWithTheActorAndNeverASettingsValue() throws Exception {
        RECEIVER.stubFor(WireMock.post(urlPathEqualTo(HOOK_PATH)).willReturn(aResponse().withStatus(401).withBody("bad " + TOKEN)));
        created(post("/v1/channels", hook("sec-hook", TOKEN)));
        ok(put("/v1/channels/sec-hook", hook("sec-hook", "***")));
        ok(post("/v1/channels/sec-hook/test", ""));
        assertThat(delete("/v1/channels/sec-hook").statusCode()).isEqualTo(204);

        assertThat(logs.lines())
                .contains("Channel sec-hook (fakehook) created by alice", "Channel sec-hook (fakehook) replaced by alice",
                        "Channel sec-hook tested by alice: failed (HTTP 401: bad ***)", "Channel sec-hook deleted by alice");
    }

    // ---- helpers ----

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json")
                .header("X-Vigil-Actor", "alice").build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.body());
        return response;
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
}
