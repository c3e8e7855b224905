package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI document of {@code lifecycle/src/main/resources/openapi.json} for tests: its operations, their documented
 * responses, and JSON Schema 2020-12 validation (the dialect of OpenAPI 3.1) of a body against a response's schema,
 * with {@code #/components/schemas/...} references resolved within the document.
 */
final class OpenApiDocument {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private final String text;
    private final JsonNode root;

    private OpenApiDocument(String text) throws IOException {
        this.text = text;
        this.root = JSON.readTree(text);
    }

    /** The document as the classpath holds it, which is what the server serves. */
    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new OpenApiDocument(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    /** The operation of {@code method} (any case) on the path template {@code path}, if documented. */
    Optional<JsonNode> operation(String method, String path) {
        JsonNode op = root.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        return op.isObject() ? Optional.of(op) : Optional.empty();
    }

    /** The documented response of an operation for {@code status}, a {@code components/responses} ref followed. */
    Optional<JsonNode> response(JsonNode operation, int status) {
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        return response.isObject() ? Optional.of(resolve(response)) : Optional.empty();
    }

    /** A node, or the node its local {@code $ref} points to. */
    JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : root.at(pointer(ref.asText()));
    }

    /** Whether a local reference such as {@code #/components/schemas/Alert} points to something in the document. */
    boolean resolves(String ref) {
        return ref.startsWith("#/") && !root.at(pointer(ref)).isMissingNode();
    }

    /** What is wrong with {@code body} by {@code schema} (a schema of this document); empty when it matches. */
    Set<ValidationMessage> problems(JsonNode schema, JsonNode body) {
        ObjectNode standalone = schema.deepCopy();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", root.get("components"));
        JsonSchema compiled = SCHEMAS.getSchema(standalone, STRICT);
        return compiled.validate(body);
    }

    /** What is wrong with {@code body} by the schema {@code components/schemas/name}. */
    Set<ValidationMessage> problems(String name, JsonNode body) {
        return problems(JSON.createObjectNode().put("$ref", "#/components/schemas/" + name), body);
    }

    private static JsonPointer pointer(String ref) {
        return JsonPointer.compile(ref.substring(1));
    }
}
