package dev.vigil.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link MemorySchemaRegistry} over the Confluent Schema Registry REST API on the loopback interface,
 * so that processes outside the JVM of the embedded demo (a console consumer, Kafka Connect, another
 * {@code vigil} command) can read its records. It answers the calls serdes make, with Confluent's error bodies:
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} {@code {"schema": "..."}} → {@code {"id": n}}; an invalid schema
 *       → 422 {@code {"error_code": 42201, ...}}</li>
 *   <li>{@code POST /subjects/{subject}} (is this schema registered?) → {@code {"subject", "version", "id", "schema"}}</li>
 *   <li>{@code GET /schemas/ids/{id}} → {@code {"schema": "..."}}, or 404 {@code {"error_code": 40403, ...}}</li>
 *   <li>{@code GET /subjects} → {@code ["..."]}; {@code GET /subjects/{subject}/versions} → {@code [1, 2]};
 *       {@code GET /subjects/{subject}/versions/{n|latest}} → {@code {"subject", "version", "id", "schema"}}</li>
 * </ul>
 *
 * It is a development tool: no authentication, no compatibility checks, no deletes.
 */
public final class LocalRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final MemorySchemaRegistry registry;
    private final HttpServer server;

    private LocalRegistryServer(MemorySchemaRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * Starts serving {@code registry} on 127.0.0.1:{@code port} ({@code 0} picks a free port; see {@link #url()}).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static LocalRegistryServer start(MemorySchemaRegistry registry, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local schema registry to 127.0.0.1:" + port, e);
        }
        LocalRegistryServer local = new LocalRegistryServer(registry, server);
        server.createContext("/", local::handle);
        server.start();
        LOG.info("Local schema registry serving at {}", local.url());
        return local;
    }

    /** The base URL to give as {@code schema.registry.url}, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stops serving at once; the registry itself lives on. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()), exchange);
            } catch (Refusal refusal) {
                reply = refusal.reply;
            } catch (RuntimeException e) {
                LOG.warn("Local schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = Reply.error(500, 50001, "Error in the local schema registry: " + e.getMessage());
            }
            byte[] body = JSON.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Reply route(String method, List<String> path, HttpExchange exchange) throws IOException {
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        int size = path.size();
        if (size == 3 && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            return get ? schemaById(path.get(2)) : notAllowed(method);
        }
        if (size >= 1 && path.get(0).equals("subjects")) {
            if (size == 1) {
                return get ? Reply.ok(JSON.valueToTree(registry.subjects())) : notAllowed(method);
            }
            String subject = path.get(1);
            if (size == 2) {
                return post ? lookUp(subject, readSchema(exchange)) : notAllowed(method);
            }
            if (size == 3 && path.get(2).equals("versions")) {
                if (post) {
                    return register(subject, readSchema(exchange));
                }
                return get ? versions(subject) : notAllowed(method);
            }
            if (size == 4 && path.get(2).equals("versions")) {
                return get ? version(subject, path.get(3)) : notAllowed(method);
            }
        }
        return Reply.error(404, 404, "HTTP 404 Not Found");
    }

    private Reply schemaById(String idText) {
        Integer id = parseInt(idText);
        if (id == null) {
            return Reply.error(404, 40403, "Schema not found");
        }
        try {
            return Reply.ok(JSON.createObjectNode().put("schema", registry.schemaById(id).toString()));
        } catch (SerializationException unknown) {
            return Reply.error(404, 40403, "Schema not found");
        }
    }

    private Reply register(String subject, Schema schema) {
        int id = registry.register(subject, schema);
        return Reply.ok(JSON.createObjectNode().put("id", id));
    }

    private Reply lookUp(String subject, Schema schema) {
        List<Integer> ids = registry.idsOf(subject);
        if (ids.isEmpty()) {
            return Reply.error(404, 40401, "Subject '" + subject + "' not found.");
        }
        for (int version = 1; version <= ids.size(); version++) {
            if (registry.schemaById(ids.get(version - 1)).equals(schema)) {
                return Reply.ok(subjectVersion(subject, version, ids.get(version - 1)));
            }
        }
        return Reply.error(404, 40403, "Schema not found");
    }

    private Reply versions(String subject) {
        List<Integer> ids = registry.idsOf(subject);
        if (ids.isEmpty()) {
            return Reply.error(404, 40401, "Subject '" + subject + "' not found.");
        }
        ArrayNode versions = JSON.createArrayNode();
        for (int version = 1; version <= ids.size(); version++) {
            versions.add(version);
        }
        return Reply.ok(versions);
    }

    private Reply version(String subject, String versionText) {
        List<Integer> ids = registry.idsOf(subject);
        if (ids.isEmpty()) {
            return Reply.error(404, 40401, "Subject '" + subject + "' not found.");
        }
        Integer version = "latest".equals(versionText) || "-1".equals(versionText) ? Integer.valueOf(ids.size()) : parseInt(versionText);
        if (version == null || version < 1 || version > ids.size()) {
            return Reply.error(404, 40402, "Version " + versionText + " not found.");
        }
        return Reply.ok(subjectVersion(subject, version, ids.get(version - 1)));
    }

    private ObjectNode subjectVersion(String subject, int version, int id) {
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", registry.schemaById(id).toString());
    }

    /** The request's Avro schema; a {@link Refusal} that says why there is none. */
    private static Schema readSchema(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
            if (bytes.length > MAX_REQUEST_BYTES) {
                throw new Refusal(413, 413, "Request larger than " + MAX_REQUEST_BYTES + " bytes");
            }
            request = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new Refusal(400, 400, "Request body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.path("schema").isTextual()) {
            throw new Refusal(422, 42201, "Invalid schema: the request has no \"schema\" string");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new Refusal(422, 42201, "Invalid schema: only AVRO is supported, not " + type);
        }
        try {
            return new Schema.Parser().parse(request.get("schema").textValue());
        } catch (AvroRuntimeException e) {
            throw new Refusal(422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    private static Reply notAllowed(String method) {
        return Reply.error(405, 405, "HTTP 405 Method " + method + " Not Allowed");
    }

    private static List<String> segments(String rawPath) {
        try {
            return Arrays.stream(rawPath.split("/"))
                    .filter(segment -> !segment.isEmpty())
                    .map(segment -> URLDecoder.decode(segment, StandardCharsets.UTF_8))
                    .toList();
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, 400, "Malformed path: " + e.getMessage());
        }
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A request refused with a Confluent-style error body. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        Refusal(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.reply = Reply.error(status, errorCode, message);
        }
    }

    private record Reply(int status, JsonNode body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body);
        }

        static Reply error(int status, int errorCode, String message) {
            return new Reply(status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
        }
    }
}
