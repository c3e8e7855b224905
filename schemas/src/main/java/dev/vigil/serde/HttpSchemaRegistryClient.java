package dev.vigil.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client for the Confluent Schema Registry REST API ({@code POST /subjects/{subject}/versions},
 * {@code GET /schemas/ids/{id}}), which Confluent, Apicurio (ccompat), Redpanda and Karapace all serve.
 * Both directions are cached, so a steady producer or consumer makes no registry call per record.
 * Every failure is a {@link SerializationException} that says what was tried, where, and what came back;
 * the URL in messages never carries user information.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_BODY_LENGTH = 300;

    private final URI baseUri;
    private final String shownUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public HttpSchemaRegistryClient(String baseUrl, Duration timeout) {
        this.baseUri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.shownUrl = baseUri.getScheme() + "://" + baseUri.getHost() + (baseUri.getPort() < 0 ? "" : ":" + baseUri.getPort())
                + baseUri.getPath();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        String what = "register a schema under subject " + subject;
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        String path = "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUri.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), what);
        JsonNode answer = successBody(response, what);
        if (!answer.path("id").canConvertToInt()) {
            throw new SerializationException("Schema registry at " + shownUrl + " answered without an id trying to " + what
                    + ": " + abbreviate(response.body()));
        }
        int id = answer.get("id").intValue();
        idsBySubjectAndSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String what = "fetch schema id " + id;
        HttpResponse<String> response = send(HttpRequest.newBuilder(baseUri.resolve("schemas/ids/" + id)).GET(), what);
        if (response.statusCode() == 404) {
            throw new SerializationException("Unknown schema id " + id + ": the schema registry at " + shownUrl
                    + " has none (HTTP 404 " + abbreviate(response.body()) + ")");
        }
        String text = successBody(response, what).path("schema").asText(null);
        if (text == null) {
            throw new SerializationException("Schema registry at " + shownUrl + " answered without a schema trying to " + what);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new SerializationException("Schema registry at " + shownUrl + " answered with an invalid schema trying to "
                    + what + ": " + e.getMessage(), e);
        }
        Schema known = schemasById.putIfAbsent(id, schema);
        return known == null ? schema : known;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.timeout(timeout)
                    .header("Content-Type", CONTENT_TYPE)
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("Schema registry at " + shownUrl + " unreachable trying to " + what
                    + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted trying to " + what + " at " + shownUrl, e);
        }
    }

    private JsonNode successBody(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 == 5 || status == 429) {
            throw new SchemaRegistryUnavailableException("Schema registry at " + shownUrl + " is unavailable to " + what
                    + ": HTTP " + status + " " + abbreviate(response.body()));
        }
        if (status / 100 != 2) {
            throw new SerializationException("Schema registry at " + shownUrl + " failed to " + what
                    + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SerializationException("Schema registry at " + shownUrl + " answered with invalid JSON trying to " + what
                    + ": " + abbreviate(response.body()), e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > SHOWN_BODY_LENGTH ? body.substring(0, SHOWN_BODY_LENGTH) + "…" : body;
    }

    /** Cache key; a Schema caches its hash, and the generated classes hand over the same instance every time. */
    private record SubjectSchema(String subject, Schema schema) {
    }
}
