package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input on every route the server has (taken from {@link LifecycleHttpServer#routes()}, so a new route is
 * covered the day it is added): path tricks in every path parameter, malformed JSON, wrong JSON types, oversized
 * bodies, a wrong content type and nonsense query parameters. Each must be a clear 4xx (or, for a read of something
 * that does not exist, a 404), with a JSON error — never a 5xx, never a stack trace, and never the hostile text
 * echoed back in full.
 */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "x".repeat(5_000);
    private static final List<String> PATH_TRICKS = List.of(
            "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..", "a%00b", "%E2%80%AE%F0%9F%92%A5", LONG, "%25%32%65", "a%0d%0aX-Injected:%201",
            "%7B%7D", "did:web:x%2F..%2Fy");
    private static final List<String> BAD_BODIES = List.of("{", "[]", "\"text\"", "42", "null", "{\"note\": 7, "
            + "\"justification\": [], \"status\": {}, \"enabled\": \"yes\", \"assignee\": 3}", "\u0000\u0001");
    private static final ApiKeys.Created OPERATOR = ApiKeys.create("*", Role.ADMIN, "ops");

    private static LifecycleHttpServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() {
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().build(), OpsServer.newRegistry(),
                () -> null, ApiKeys.of(List.of(OPERATOR.entry())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every public route but the stream (a valid stream request stays open) and the ops routes. */
    static Stream<Arguments> routes() {
        return server.routes().stream().filter(r -> r.contains(" /v1/") && !r.endsWith("/v1/events/stream"))
                .map(r -> Arguments.of(r.substring(0, r.indexOf(' ')), r.substring(r.indexOf(' ') + 1)));
    }

    private static HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + OPERATOR.key())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClearRefusal(HttpResponse<String> response, String what, int... allowed) {
        String context = what + " → " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(context).isBetween(200, 499);
        if (allowed.length > 0) {
            assertThat(response.statusCode()).as(context).isIn(box(allowed));
        }
        // An id is echoed JSON-escaped and shortened (a CR LF stays inside the string), never in full, never as a header.
        assertThat(response.body()).as(context).doesNotContain("Exception", "\tat ", "java.lang", "dev.vigil.", LONG);
        assertThat(response.headers().map().keySet()).as(context).doesNotContain("x-injected");
        if (response.statusCode() >= 400) {
            JsonNode error;
            try {
                error = JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError("not a JSON error: " + context, e);
            }
            assertThat(error.path("error").asText()).as(context).isNotBlank();
        }
    }

    private static Integer[] box(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }

    private static List<String> withTricks(String template) {
        List<String> paths = new ArrayList<>();
        if (!template.contains("{")) {
            return paths;
        }
        for (String trick : PATH_TRICKS) {
            paths.add(template.replaceAll("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(trick)));
        }
        return paths;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void pathTricksInEveryPathParameterAreRefusedOrNotFound(String method, String template) throws Exception {
        for (String path : withTricks(template)) {
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            assertClearRefusal(call(method, path, "application/json", body), method + " " + path.substring(0, Math.min(80, path.length())));
        }
    }

    /** Routes that read no body: a body they get is ignored, whatever it holds. */
    private static boolean readsNoBody(String method, String template) {
        return method.equals("GET") || method.equals("DELETE") || template.equals("/v1/anomalies/detect");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void malformedAndWronglyTypedBodiesAreA400(String method, String template) throws Exception {
        if (readsNoBody(method, template)) {
            return;
        }
        String path = template.replaceAll("\\{[^}]+}", "no-such-id");
        for (String body : BAD_BODIES) {
            assertClearRefusal(call(method, path, "application/json", body), method + " " + path + " with " + body,
                    400, 404, 409, 415);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void anOversizedBodyIsA413OrRefusedBeforeReadingIt(String method, String template) throws Exception {
        if (readsNoBody(method, template)) {
            return;
        }
        String path = template.replaceAll("\\{[^}]+}", "no-such-id");
        String huge = "{\"note\": \"" + "n".repeat(200_000) + "\"}";
        assertClearRefusal(call(method, path, "application/json", huge), method + " " + path + " with 200 KB", 400, 404, 409, 413);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void nonsenseQueryParametersAreRefusedOrIgnoredNeverAFailure(String method, String template) throws Exception {
        String path = template.replaceAll("\\{[^}]+}", "no-such-id");
        String query = "?limit=-1&limit=99999999999&cursor=!!not-a-cursor!!&since=yesterday&until=" + LONG.substring(0, 300)
                + "&status=%00&severity=%E2%80%AE&window=7y&types=nope&all=maybe&tenant=%2F..";
        String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
        assertClearRefusal(call(method, path + query, "application/json", body), method + " " + path + query);
    }

    @Test
    void theStreamRefusesNonsenseWithoutOpening() throws Exception {
        assertClearRefusal(call("GET", "/v1/events/stream?types=nope", null, null), "stream with types=nope", 400);
        assertClearRefusal(call("GET", "/v1/events/stream?types=" + LONG, null, null), "stream with long types", 400);
    }

    @Test
    void everyRouteIsCovered() {
        assertThat(routes().count()).as("the routes under test").isGreaterThanOrEqualTo(39);
    }
}
