package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.InMemoryRules;
import dev.vigil.lifecycle.RecordingRuleWriter;
import dev.vigil.lifecycle.RuleFixtures;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.topology.rules.BuiltInRules;
import dev.vigil.topology.rules.RuleJson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules API on a real Javalin server (free port) over an in-memory rules view and writer. */
class RuleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryRules view = new InMemoryRules();
    private final RecordingRuleWriter writer = new RecordingRuleWriter(view);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer server;

    @BeforeEach
    void startServer() {
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().rules(new RuleCommands(view, writer)).build(),
                registry, () -> null);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- GET /v1/rules ----

    @Test
    void listsEveryBuiltInRuleWithItsParametersAndNoCustomRuleAtFirst() throws Exception {
        JsonNode body = json(ok(get("/v1/rules")));

        assertThat(body.get("builtIn")).hasSize(BuiltInRules.CATALOGUE.all().size()).hasSize(23);
        assertThat(body.get("custom")).isEmpty();
        JsonNode velocity = byId(body.get("builtIn"), "velocity_spike");
        assertThat(velocity.get("name").asText()).isEqualTo(BuiltInRules.CATALOGUE.find("velocity_spike").orElseThrow().rule().name());
        assertThat(velocity.get("category").asText()).isNotBlank();
        assertThat(velocity.has("attack")).isTrue();
        assertThat(velocity.get("baseline").isBoolean()).isTrue();
        assertThat(velocity.get("enabled").asBoolean()).isTrue();
        assertThat(velocity.get("overrides")).isEmpty();
        JsonNode window = byName(velocity.get("parameters"), "window");
        assertThat(window.get("default").asText()).isEqualTo("5m");
        assertThat(window.get("range").asText()).isEqualTo("a whole number of minutes from 1m to 60m");
        assertThat(window.get("kind").asText()).isEqualTo("duration");
        assertThat(window.get("doc").asText()).isNotBlank();
    }

    @Test
    void listsCustomRulesAsTheirRecordsAndOverridesUnderTheRuleTheyChange() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));
        created(post("/v1/rules", RuleFixtures.VELOCITY_ACME));

        JsonNode body = json(ok(get("/v1/rules")));

        assertThat(body.get("custom")).singleElement().isEqualTo(recordJson(RuleFixtures.SHELL_WRITES));
        JsonNode velocity = byId(body.get("builtIn"), "velocity_spike");
        assertThat(velocity.get("overrides")).singleElement().isEqualTo(recordJson(RuleFixtures.VELOCITY_ACME));
        assertThat(velocity.get("enabled").asBoolean()).as("a tenant's override leaves the rule on").isTrue();
        assertThat(byId(body.get("builtIn"), "token_replay").get("overrides")).isEmpty();
    }

    @Test
    void aBuiltInRuleIsOffOnlyWhenTheWinningGlobalOverrideSaysSo() throws Exception {
        patch("/v1/rules/velocity_spike:acme", "{\"enabled\": false}", 404);
        created(post("/v1/rules", RuleFixtures.VELOCITY_ACME));
        ok(patch("/v1/rules/velocity_spike:acme", "{\"enabled\": false}", 200));
        assertThat(byId(json(get("/v1/rules")).get("builtIn"), "velocity_spike").get("enabled").asBoolean()).isTrue();

        created(patch("/v1/rules/velocity_spike", "{\"enabled\": false}", 201));
        assertThat(byId(json(get("/v1/rules")).get("builtIn"), "velocity_spike").get("enabled").asBoolean()).isFalse();

        created(post("/v1/rules", "{\"ruleId\": \"velocity_spike:zz-global\", \"enabled\": true}"));
        assertThat(byId(json(get("/v1/rules")).get("builtIn"), "velocity_spike").get("enabled").asBoolean())
                .as("of two global overrides the greater id wins").isTrue();
    }

    // ---- GET /v1/rules/{ruleId} ----

    @Test
    void getsARuleAsItsRecordsJson() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        assertThat(json(ok(get("/v1/rules/shell-writes")))).isEqualTo(recordJson(RuleFixtures.SHELL_WRITES));
    }

    @Test
    void aBuiltInRuleWithoutRecordIsAnsweredWithItsEntry() throws Exception {
        created(post("/v1/rules", RuleFixtures.VELOCITY_ACME));

        JsonNode entry = json(ok(get("/v1/rules/velocity_spike")));

        assertThat(entry.get("ruleId").asText()).isEqualTo("velocity_spike");
        assertThat(entry.has("version")).isFalse();
        assertThat(entry.get("parameters")).isNotEmpty();
        assertThat(entry.get("overrides")).singleElement().satisfies(o -> assertThat(o.get("ruleId").asText()).isEqualTo("velocity_spike:acme"));
    }

    @Test
    void aBuiltInRuleWithARecordIsAnsweredWithTheRecord() throws Exception {
        created(patch("/v1/rules/velocity_spike", "{\"enabled\": false}", 201));

        JsonNode record = json(ok(get("/v1/rules/velocity_spike")));

        assertThat(record.get("builtIn").asText()).isEqualTo("velocity_spike");
        assertThat(record.get("version").asInt()).isEqualTo(1);
        assertThat(record.get("enabled").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "velocity_spike:nope", "has%20space", "%E2%80%AE%0A"})
    void anIdWithoutRecordIsA404(String id) throws Exception {
        assertThat(error(get("/v1/rules/" + id), 404).get("error").asText()).startsWith("no rule with id");
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/rules/%00", "GET,/v1/rules/..%2F..%2Fhealth", "PUT,/v1/rules/a%2Fb", "DELETE,/v1/rules/%2e%2e",
            "GET,/v1/rules/a/b", "DELETE,/v1/rules/../alerts", "PUT,/v1/rules"})
    void pathTricksAreA4xxInTheSameShape(String method, String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).method(method, HttpRequest.BodyPublishers.ofString("{\"enabled\": false}")));

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        error(response, response.statusCode());
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aMalformedEscapeInThePathIsA400InTheSameShape() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("PATCH /v1/rules/%zz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                    .contains("{\"error\":").doesNotContain("Exception").doesNotContain("<h1>");
        }
    }

    @Test
    void anIdOfTenThousandCharactersIsA4xxAndNotEchoedInFull() throws Exception {
        HttpResponse<String> response = get("/v1/rules/" + "a".repeat(10_000));

        assertThat(error(response, response.statusCode()).get("error").asText()).hasSizeLessThan(200);
        assertThat(response.statusCode()).isBetween(400, 499);
    }

    // ---- POST /v1/rules ----

    @Test
    void createAnswers201WithLocationAndWritesVersionOneWhateverTheBodySays() throws Exception {
        HttpResponse<String> response = post("/v1/rules", RuleFixtures.SHELL_WRITES.replace("{\"ruleId\"", "{\"version\": 9, \"ruleId\""));

        created(response);
        assertThat(response.headers().firstValue("Location")).contains("/v1/rules/shell-writes");
        assertThat(json(response).get("version").asInt()).isEqualTo(1);
        assertThat(writer.written()).singleElement().satisfies(w -> {
            assertThat(w.ruleId()).isEqualTo("shell-writes");
            assertThat(w.definition()).isEqualTo(RuleFixtures.record(RuleFixtures.SHELL_WRITES));
            assertThat(w.definition().getVersion()).isEqualTo(1);
        });
    }

    @Test
    void createsAnOverrideOfABuiltInRule() throws Exception {
        JsonNode body = json(created(post("/v1/rules", RuleFixtures.VELOCITY_ACME)));

        assertThat(body.get("builtIn").asText()).isEqualTo("velocity_spike");
        assertThat(body.get("parameters").get("ratio").asText()).isEqualTo("5");
        assertThat(body.get("name").asText()).isEqualTo(BuiltInRules.CATALOGUE.find("velocity_spike").orElseThrow().rule().name());
    }

    @Test
    void creatingAnIdThatHasARecordIsA409WithItsVersion() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));
        ok(put("/v1/rules/shell-writes", RuleFixtures.SHELL_WRITES));

        JsonNode error = error(post("/v1/rules", RuleFixtures.SHELL_WRITES), 409);

        assertThat(error.get("version").asText()).isEqualTo("2");
        assertThat(error.get("error").asText()).contains("shell-writes").contains("PUT");
        assertThat(writer.written()).hasSize(2);
    }

    @Test
    void aCreatedRuleIsReadBackAtOnceEvenWhileTheViewLags() throws Exception {
        writer.viewLags();

        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        assertThat(view.get("shell-writes")).isEmpty();
        assertThat(json(ok(get("/v1/rules/shell-writes"))).get("name").asText()).isEqualTo("Big shell writes");
        assertThat(json(get("/v1/rules")).get("custom")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"where\": \"event.tool > 3\"}}|condition.where|CEL: ",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"where\": \"event.tol == 'x'\"}}|condition.where|tol",
            "{\"ruleId\": \"velocity_spike:x\", \"parameters\": {\"speed\": \"5\"}}|parameters.speed|not a parameter of velocity_spike",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"timeWindow\": \"8d\"}}|condition.timeWindow|whole minutes from 1m to 7d",
            "{\"ruleId\": \"velocity_spike:x\", \"parameters\": {\"window\": \"2h\"}}|parameters.window|a whole number of minutes from 1m to 60m",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"enabled\": \"yes\", \"condition\": {}}|enabled|true or false",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"threshold\": \"5\"}}|condition.threshold|must be an integer",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"channels\": \"ops\", \"condition\": {}}|channels|list of strings",
            "{\"ruleId\": \"r\", \"condition\": {}}|name|is required",
            "{\"ruleId\": \"has space\", \"name\": \"R\", \"condition\": {}}|ruleId|must be 1-128",
            "{\"name\": \"R\", \"condition\": {}}|ruleId|is required",
            "{\"ruleId\": 7, \"name\": \"R\", \"condition\": {}}|ruleId|must be a string",
            "{\"ruleId\": \"r\", \"name\": \"R\"}|condition|is required",
    })
    void aRuleThatDoesNotValidateIsA400NamingTheFieldAndTheReason(String body, String field, String reason) throws Exception {
        JsonNode error = error(post("/v1/rules", body), 400);

        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("reason").asText()).contains(reason);
        assertThat(error.get("error").asText()).startsWith("field '" + field + "': ");
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ruleId\": ", "{\"ruleId\": \"a\"} {}", "{\"ruleId\": \"a\", \"ruleId\": \"b\"}", "nonsense"})
    void malformedJsonIsA400(String body) throws Exception {
        assertThat(error(post("/v1/rules", body), 400).get("error").asText()).startsWith("malformed JSON");
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[1]", "\"rule\"", "null"})
    void aBodyThatIsNoObjectIsA400(String body) throws Exception {
        assertThat(error(post("/v1/rules", body), 400).get("error").asText())
                .isEqualTo("the body must be a rule or an override as a JSON object");
    }

    @Test
    void aBodyOver64KilobytesIsA413() throws Exception {
        String body = "{\"ruleId\": \"r\", \"name\": \"R\", \"description\": \"" + "x".repeat(RequestBody.MAX_BYTES) + "\", \"condition\": {}}";

        assertThat(error(post("/v1/rules", body), 413).get("error").asText()).contains("65536 bytes");
        assertThat(writer.written()).isEmpty();
    }

    // ---- PUT /v1/rules/{ruleId} ----

    @Test
    void replaceWritesTheNextVersionAndTakesTheIdFromThePath() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        JsonNode replaced = json(ok(put("/v1/rules/shell-writes",
                "{\"name\": \"Shell writes\", \"severity\": \"critical\", \"condition\": {\"threshold\": 5}}")));

        assertThat(replaced.get("version").asInt()).isEqualTo(2);
        assertThat(replaced.get("ruleId").asText()).isEqualTo("shell-writes");
        assertThat(replaced.get("severity").asText()).isEqualTo("critical");
        assertThat(json(get("/v1/rules/shell-writes"))).isEqualTo(replaced);
        assertThat(writer.written()).last().satisfies(w -> {
            assertThat(w.definition().getVersion()).isEqualTo(2);
            assertThat(w.definition().getCondition().getThreshold()).isEqualTo(5);
        });
    }

    @Test
    void aRuleAsReadCanBePutBack() throws Exception {
        created(post("/v1/rules", RuleFixtures.VELOCITY_ACME));
        String asRead = get("/v1/rules/velocity_spike:acme").body();

        JsonNode replaced = json(ok(put("/v1/rules/velocity_spike:acme", asRead)));

        assertThat(replaced.get("version").asInt()).isEqualTo(2);
        assertThat(replaced.get("parameters").get("ratio").asText()).isEqualTo("5");
    }

    @Test
    void aBodyWithAnotherRuleIdIsA400NamingRuleId() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        JsonNode error = error(put("/v1/rules/shell-writes", RuleFixtures.SHELL_WRITES.replace("\"shell-writes\"", "\"other\"")), 400);

        assertThat(error.get("field").asText()).isEqualTo("ruleId");
        assertThat(error.get("reason").asText()).contains("shell-writes").contains("other");
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void replacingAnIdWithoutRecordIsA404() throws Exception {
        error(put("/v1/rules/shell-writes", RuleFixtures.SHELL_WRITES), 404);
        assertThat(error(put("/v1/rules/velocity_spike", "{\"enabled\": false}"), 404).get("error").asText())
                .contains("built-in rule velocity_spike has no override record");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aReplacementThatDoesNotValidateIsA400AndChangesNothing() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        JsonNode error = error(put("/v1/rules/shell-writes", "{\"name\": \"S\", \"condition\": {\"where\": \"event.tool > 3\"}}"), 400);

        assertThat(error.get("field").asText()).isEqualTo("condition.where");
        assertThat(json(get("/v1/rules/shell-writes")).get("version").asInt()).isEqualTo(1);
    }

    // ---- DELETE /v1/rules/{ruleId} ----

    @Test
    void deleteAnswers204AndWritesATombstone() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        HttpResponse<String> response = delete("/v1/rules/shell-writes");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(writer.written()).last().satisfies(w -> {
            assertThat(w.ruleId()).isEqualTo("shell-writes");
            assertThat(w.definition()).isNull();
        });
        error(get("/v1/rules/shell-writes"), 404);
        assertThat(json(get("/v1/rules")).get("custom")).isEmpty();
    }

    @Test
    void deletingAnIdWithoutRecordIsA404() throws Exception {
        error(delete("/v1/rules/shell-writes"), 404);
        error(delete("/v1/rules/velocity_spike"), 404);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void aRuleDeletedAndCreatedAgainStartsOverAtVersionOneAndIsReadBackWhileTheViewLags() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));
        ok(put("/v1/rules/shell-writes", RuleFixtures.SHELL_WRITES));
        writer.viewLags();

        assertThat(delete("/v1/rules/shell-writes").statusCode()).isEqualTo(204);
        error(get("/v1/rules/shell-writes"), 404);
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES.replace("Big shell writes", "Recreated")));

        JsonNode read = json(ok(get("/v1/rules/shell-writes")));
        assertThat(read.get("version").asInt()).isEqualTo(1);
        assertThat(read.get("name").asText()).isEqualTo("Recreated");
    }

    // ---- PATCH /v1/rules/{ruleId} ----

    @Test
    void patchSwitchesARuleOffAsItsNextVersion() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        JsonNode patched = json(ok(patch("/v1/rules/shell-writes", "{\"enabled\": false}", 200)));

        assertThat(patched.get("enabled").asBoolean()).isFalse();
        assertThat(patched.get("version").asInt()).isEqualTo(2);
        assertThat(patched.get("name").asText()).isEqualTo("Big shell writes");
        assertThat(json(ok(patch("/v1/rules/shell-writes", "{\"enabled\": true}", 200))).get("version").asInt()).isEqualTo(3);
    }

    @Test
    void patchOfABuiltInRuleWithoutRecordCreatesItsGlobalOverride() throws Exception {
        HttpResponse<String> response = patch("/v1/rules/token_replay", "{\"enabled\": false}", 201);

        assertThat(response.headers().firstValue("Location")).contains("/v1/rules/token_replay");
        assertThat(writer.written()).singleElement().satisfies(w -> {
            RuleDefinition d = w.definition();
            assertThat(d.getRuleId()).isEqualTo("token_replay");
            assertThat(d.getEnabled()).isFalse();
            assertThat(d.getVersion()).isEqualTo(1);
            assertThat(d.getParameters()).isEmpty();
            assertThat(d.getCondition().getTenantIds()).isEmpty();
            assertThat(d.getCondition().getAgentIds()).isEmpty();
        });
        assertThat(byId(json(get("/v1/rules")).get("builtIn"), "token_replay").get("enabled").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"enabled\": false, \"name\": \"x\"}|name|PATCH changes only enabled",
            "{\"severity\": \"low\"}|severity|PATCH changes only enabled",
            "{}|enabled|is required",
            "{\"enabled\": \"false\"}|enabled|must be true or false",
            "{\"enabled\": null}|enabled|must be true or false",
    })
    void aPatchOtherThanEnabledIsA400NamingTheField(String body, String field, String reason) throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));

        JsonNode error = error(patch("/v1/rules/shell-writes", body, 400), 400);

        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("reason").asText()).contains(reason);
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void patchingAnIdWithoutRecordThatIsNoBuiltInRuleIsA404() throws Exception {
        error(patch("/v1/rules/shell-writes", "{\"enabled\": false}", 404), 404);
        assertThat(writer.written()).isEmpty();
    }

    // ---- availability, metrics ----

    @Test
    void aRulesViewNotReadyIsA503() throws Exception {
        view.failWith(new ViewUnavailableException("rules view", "restoring", null));

        HttpResponse<String> response = get("/v1/rules");

        assertThat(error(response, 503).get("error").asText()).isEqualTo("the rules view is not ready; retry shortly");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        error(post("/v1/rules", RuleFixtures.SHELL_WRITES), 503);
    }

    @Test
    void kafkaNotConfirmingIsA503() throws Exception {
        writer.kafkaFails();

        assertThat(error(post("/v1/rules", RuleFixtures.SHELL_WRITES), 503).get("error").asText())
                .contains("read the rule before repeating");
        error(get("/v1/rules/shell-writes"), 404);
    }

    @Test
    void changesAreCountedByOutcome() throws Exception {
        created(post("/v1/rules", RuleFixtures.SHELL_WRITES));
        error(post("/v1/rules", RuleFixtures.SHELL_WRITES), 409);
        error(post("/v1/rules", "{"), 400);
        error(delete("/v1/rules/nope"), 404);

        assertThat(get("/metrics").body())
                .contains("vigil_lifecycle_rule_changes_total{action=\"create\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_rule_changes_total{action=\"create\",outcome=\"conflict\"} 1.0")
                .contains("vigil_lifecycle_rule_changes_total{action=\"create\",outcome=\"invalid\"} 1.0")
                .contains("vigil_lifecycle_rule_changes_total{action=\"delete\",outcome=\"not_found\"} 1.0");
    }

    // ---- helpers ----

    /** The JSON the API answers for {@code json} as created (version 1). */
    private static JsonNode recordJson(String json) throws IOException {
        return JSON.readTree(RuleJson.toJson(RuleFixtures.spec(json)).toString());
    }

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

    /** PATCH, asserting the status so that a chain of calls fails where it went wrong. */
    private HttpResponse<String> patch(String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Content-Type", "application/json").header("X-Vigil-Actor", "alice").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299).isNotEqualTo(201);
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

    private static JsonNode byId(JsonNode entries, String ruleId) {
        return find(entries, "ruleId", ruleId);
    }

    private static JsonNode byName(JsonNode entries, String name) {
        return find(entries, "name", name);
    }

    private static JsonNode find(JsonNode entries, String field, String value) {
        List<JsonNode> found = StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.get(field).asText().equals(value)).toList();
        assertThat(found).as(field + " " + value).hasSize(1);
        return found.get(0);
    }
}
