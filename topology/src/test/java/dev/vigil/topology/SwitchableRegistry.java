package dev.vigil.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.serde.MemorySchemaRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A Confluent-style registry over HTTP that can be switched to answer 503, to test what an outage does. */
final class SwitchableRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemorySchemaRegistry schemas = MemorySchemaRegistry.isolated();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();
    private final HttpServer server;

    SwitchableRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void down(boolean isDown) {
        down.set(isDown);
    }

    /** How many requests were answered 503. */
    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (down.get()) {
            refused.incrementAndGet();
            respond(exchange, 503, "{\"error_code\":50301,\"message\":\"registry down for the test\"}");
        } else if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("/subjects/")) {
            Schema schema = new Schema.Parser().parse(JSON.readTree(body).get("schema").asText());
            int id = schemas.register(path.split("/")[2], schema);
            respond(exchange, 200, "{\"id\":" + id + "}");
        } else if (path.startsWith("/schemas/ids/")) {
            Schema schema = schemas.schemaById(Integer.parseInt(path.substring("/schemas/ids/".length())));
            respond(exchange, 200, JSON.createObjectNode().put("schema", schema.toString()).toString());
        } else {
            respond(exchange, 404, "{\"error_code\":40401,\"message\":\"not found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
