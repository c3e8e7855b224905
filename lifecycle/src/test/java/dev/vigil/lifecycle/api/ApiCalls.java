package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

/** HTTP calls against a test server, and the checks every error answer must pass. */
final class ApiCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final LifecycleHttpServer server;

    ApiCalls(LifecycleHttpServer server) {
        this.server = server;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-Vigil-Actor", "alice").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts an error answer: the status, JSON {"error": ...}, and nothing that looks like a stack trace. */
    static JsonNode error(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        JsonNode body = json(response);
        assertThat(body.get("error").isTextual()).isTrue();
        return body;
    }

    static List<String> ids(JsonNode alerts) {
        return StreamSupport.stream(alerts.spliterator(), false).map(a -> a.get("alertId").asText()).toList();
    }
}
