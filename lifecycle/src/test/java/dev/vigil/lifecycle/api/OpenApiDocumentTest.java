package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import io.javalin.http.HandlerType;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document itself: served without a key, valid OpenAPI 3.1, exactly the routes the server answers (a
 * route without documentation fails here, and so does documentation of a route that does not exist), and the role
 * each operation states is the role {@link AccessControl} requires. {@link OpenApiAnswersTest} holds the schemas to
 * real answers.
 */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<String> OPEN = Set.of("GET /health", "GET /metrics", "GET /openapi.json");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final OpenApiDocument document = OpenApiDocument.load();
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer server;

    @BeforeEach
    void start() {
        ApiKeys keys = ApiKeys.of(List.of(ApiKeys.create("*", Role.ADMIN, "ops").entry()));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().build(), OpsServer.newRegistry(), () -> null,
                keys);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isServedWithoutAKeyAsTheOpenApi31DocumentOfTheClasspath() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + OpenApiRoutes.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode served = OpenApiDocument.JSON.readTree(response.body());
        assertThat(served.get("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(served.at("/info/title").asText()).isEqualTo("Vigil lifecycle API");
        assertThat(served.at("/info/version").asText()).isNotBlank();
        assertThat(served).isEqualTo(document.root());
    }

    @Test
    void documentsExactlyThePublicRoutesOfTheServer() {
        Set<String> routes = new TreeSet<>(server.routes().stream()
                .filter(route -> !route.split(" ", 2)[1].startsWith("/internal/"))
                .toList());
        Set<String> documented = new TreeSet<>();
        operations((route, op) -> documented.add(route));

        assertThat(routes).as("routes of the server").isNotEmpty().contains("GET /v1/alerts", "GET /openapi.json");
        assertThat(documented).as("operations of openapi.json, against LifecycleHttpServer.routes()")
                .containsExactlyElementsOf(routes);
    }

    @Test
    void isAValidOpenApi31DocumentBySwaggerParser() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.text(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getPaths()).hasSize(document.root().get("paths").size());
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        List<String> refs = new ArrayList<>();
        collectRefs(document.root(), refs);

        assertThat(refs).hasSizeGreaterThan(50);
        assertThat(refs).allSatisfy(ref -> assertThat(document.resolves(ref)).as(ref).isTrue());
    }

    @Test
    void everyOperationHasAUniqueIdASummaryResponsesAndItsPathParameters() {
        Set<String> ids = new HashSet<>();
        operations((route, op) -> {
            assertThat(ids.add(op.path("operationId").asText())).as("unique operationId of " + route).isTrue();
            assertThat(op.path("summary").asText()).as("summary of " + route).isNotBlank();
            assertThat(op.path("tags")).as("tags of " + route).hasSize(1);
            assertThat(op.path("responses").size()).as("responses of " + route).isPositive();
            Set<String> declared = new HashSet<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path")) {
                    declared.add(p.path("name").asText());
                }
            });
            Set<String> inTemplate = new HashSet<>();
            Matcher m = PATH_PARAMETER.matcher(route);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertThat(declared).as("path parameters of " + route).isEqualTo(inTemplate);
        });
    }

    @Test
    void everyOperationStatesTheRoleAccessControlRequires() {
        operations((route, op) -> {
            String method = route.split(" ", 2)[0];
            String path = route.split(" ", 2)[1];
            if (OPEN.contains(route)) {
                assertThat(op.path("security").isArray() && op.path("security").isEmpty()).as("no key for " + route)
                        .isTrue();
                assertThat(op.has("x-vigil-role")).as(route).isFalse();
                assertThat(op.path("responses").has("401")).as(route).isFalse();
                return;
            }
            Role needed = AccessControl.needed(HandlerType.valueOf(method), PATH_PARAMETER.matcher(path).replaceAll("x"));
            boolean operator = path.startsWith("/v1/rules") || path.startsWith("/v1/channels")
                    || path.startsWith("/v1/silences");
            assertThat(op.path("x-vigil-role").asText()).as("x-vigil-role of " + route).isEqualTo(needed.text());
            assertThat(op.path("x-vigil-operator").asBoolean(false)).as("x-vigil-operator of " + route)
                    .isEqualTo(operator);
            assertThat(op.path("description").asText()).as("description of " + route)
                    .contains("Needs " + (needed == Role.VIEWER ? "a viewer" : needed == Role.RESPONDER
                            ? "a responder" : "an admin"));
            assertThat(op.path("responses").has("401")).as("401 of " + route).isTrue();
            assertThat(op.path("responses").has("403")).as("403 of " + route)
                    .isEqualTo(needed != Role.VIEWER || operator);
        });
    }

    @Test
    void everyRequestBodyAndErrorAnswerHasASchema() {
        // /health answers its own shape when it is not ready; every other 4xx and 5xx is the API's error shape.
        operations((route, op) -> {
            op.path("responses").fields().forEachRemaining(entry -> {
                JsonNode response = document.resolve(entry.getValue());
                int status = Integer.parseInt(entry.getKey());
                if (status >= 400 && !route.equals("GET /health")) {
                    assertThat(response.at("/content/application~1json/schema/$ref").asText())
                            .as(route + " " + status).isEqualTo("#/components/schemas/Error");
                } else if (status != 204) {
                    assertThat(response.path("content").size()).as(route + " " + status).isEqualTo(1);
                }
            });
            if (op.has("requestBody")) {
                assertThat(op.at("/requestBody/content/application~1json/schema").isObject()).as(route).isTrue();
            }
        });
    }

    /** Each documented operation as "METHOD /path" with its node. */
    private void operations(BiConsumer<String, JsonNode> visitor) {
        document.root().get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                visitor.accept(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                refs.add(ref.asText());
            }
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
