package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Geo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final String TOPIC = "vigil.events.v1";

    @Test
    void aRecordMakesTheRoundTripThroughTheRestApi() {
        MemorySchemaRegistry registry = MemorySchemaRegistry.isolated();
        try (LocalRegistryServer server = LocalRegistryServer.start(registry, 0)) {
            AvroSerializer<AgentEvent> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(server.url()));
            AvroDeserializer<AgentEvent> deserializer = new AvroDeserializer<>(AgentEvent.class, new HttpSchemaRegistryClient(server.url()));

            byte[] bytes = serializer.serialize(TOPIC, AvroSerdeTest.receipt());

            assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
            assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(AvroSerdeTest.receipt());
        }
    }

    @Test
    void aSchemaIsFetchedOnceNotPerRecord() throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = stub(200, "{\"schema\": " + quoted(Geo.getClassSchema().toString()) + "}", fetches);
        try {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url(server));
            client.schemaById(1);
            client.schemaById(1);
            assertThat(fetches).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsAnUnknownSchemaId() {
        try (LocalRegistryServer server = LocalRegistryServer.start(MemorySchemaRegistry.isolated(), 0)) {
            AvroDeserializer<Geo> deserializer = new AvroDeserializer<>(Geo.class, new HttpSchemaRegistryClient(server.url()));
            assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 9, 0, 0}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Unknown schema id 9").hasMessageContaining("HTTP 404").hasMessageContaining("40403");
        }
    }

    @Test
    void aRegistryAnswering500IsAClearFailureNotAnUnknownId() throws IOException {
        HttpServer server = stub(500, "{\"error_code\": 50001, \"message\": \"Error in the backend datastore\"}", new AtomicInteger());
        try {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url(server));
            assertThatThrownBy(() -> client.register("t-value", Geo.getClassSchema()))
                    .isInstanceOf(SerializationException.class)
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("unavailable to register a schema under subject t-value")
                    .hasMessageContaining("HTTP 500").hasMessageContaining("backend datastore");

            AvroDeserializer<Geo> deserializer = new AvroDeserializer<>(Geo.class, client);
            assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 9, 0, 0}))
                    .isInstanceOf(SerializationException.class)
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("unavailable to fetch schema id 9: HTTP 500")
                    .hasMessageNotContaining("Unknown schema id");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableRegistryIsAClearFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + "/")
                .hasMessageContaining("unreachable trying to fetch schema id 1");
    }

    @Test
    void throttlingIsUnavailabilityButAnUnknownIdIsNot() throws IOException {
        HttpServer throttled = stub(429, "{\"error_code\": 42901, \"message\": \"slow down\"}", new AtomicInteger());
        HttpServer missing = stub(404, "{\"error_code\": 40403, \"message\": \"Schema not found\"}", new AtomicInteger());
        try {
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(url(throttled)).schemaById(1))
                    .isInstanceOf(SchemaRegistryUnavailableException.class).hasMessageContaining("HTTP 429");
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(url(missing)).schemaById(1))
                    .isInstanceOf(SerializationException.class).isNotInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("Unknown schema id 1");
        } finally {
            throttled.stop(0);
            missing.stop(0);
        }
    }

    @Test
    void anAnswerThatIsNotJsonIsAClearFailure() throws IOException {
        HttpServer server = stub(200, "<html>proxy login</html>", new AtomicInteger());
        try {
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(url(server)).schemaById(1))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("invalid JSON");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void credentialsInTheUrlNeverAppearInErrors() throws IOException {
        HttpServer server = stub(500, "{}", new AtomicInteger());
        try {
            String url = url(server).replace("http://", "http://vigil:s3cr3t@");
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(url).schemaById(1))
                    .isInstanceOf(SerializationException.class).hasMessageNotContaining("s3cr3t");
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer stub(int status, String body, AtomicInteger calls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
