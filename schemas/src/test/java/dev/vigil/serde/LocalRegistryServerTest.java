package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Geo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Confluent REST endpoints, spoken over real HTTP with the JDK client. */
class LocalRegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemorySchemaRegistry registry = MemorySchemaRegistry.isolated();
    private final LocalRegistryServer server = LocalRegistryServer.start(registry, 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer get(String path) throws IOException, InterruptedException {
        return answer(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build());
    }

    private Answer post(String path, String body) throws IOException, InterruptedException {
        return answer(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer answer(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String registration(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    @Test
    void bindsToLoopbackOnAFreePort() {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
    }

    @Test
    void registersASchemaAndServesItById() throws Exception {
        Answer registered = post("/subjects/geo-value/versions", registration(Geo.getClassSchema().toString()));
        assertThat(registered.status()).isEqualTo(200);
        int id = registered.body().get("id").intValue();

        Answer fetched = get("/schemas/ids/" + id + "?fetchMaxId=false");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body().get("schema").textValue()).isEqualTo(Geo.getClassSchema().toString());
        assertThat(registry.schemaById(id)).isEqualTo(Geo.getClassSchema());
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndNoNewVersion() throws Exception {
        String body = registration(Geo.getClassSchema().toString());
        int first = post("/subjects/geo-value/versions", body).body().get("id").intValue();
        int second = post("/subjects/geo-value/versions", body).body().get("id").intValue();
        assertThat(second).isEqualTo(first);
        assertThat(get("/subjects/geo-value/versions").body()).hasToString("[1]");
    }

    @Test
    void listsSubjectsAndTheirVersions() throws Exception {
        post("/subjects/vigil.alerts.v1-value/versions", registration(Geo.getClassSchema().toString()));
        post("/subjects/vigil.alerts.v1-value/versions", registration(Alert.getClassSchema().toString()));
        post("/subjects/geo-value/versions", registration(Geo.getClassSchema().toString()));

        assertThat(get("/subjects").body()).hasToString("[\"geo-value\",\"vigil.alerts.v1-value\"]");
        assertThat(get("/subjects/vigil.alerts.v1-value/versions").body()).hasToString("[1,2]");
        Answer latest = get("/subjects/vigil.alerts.v1-value/versions/latest");
        assertThat(latest.body().get("version").intValue()).isEqualTo(2);
        assertThat(latest.body().get("id").intValue()).isEqualTo(2);
        assertThat(get("/subjects/vigil.alerts.v1-value/versions/1").body().get("id").intValue()).isEqualTo(1);
    }

    @Test
    void looksUpWhetherASchemaIsRegisteredUnderASubject() throws Exception {
        post("/subjects/geo-value/versions", registration(Geo.getClassSchema().toString()));
        Answer found = post("/subjects/geo-value", registration(Geo.getClassSchema().toString()));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("version").intValue()).isEqualTo(1);

        Answer missing = post("/subjects/geo-value", registration(Alert.getClassSchema().toString()));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error_code").intValue()).isEqualTo(40403);
    }

    @Test
    void anInvalidSchemaIsRefusedWith42201() throws Exception {
        Answer answer = post("/subjects/x-value/versions", registration("{\"type\": \"record\", \"name\": \"X\"}"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().get("error_code").intValue()).isEqualTo(42201);
        assertThat(answer.body().get("message").textValue()).startsWith("Invalid schema");

        assertThat(post("/subjects/x-value/versions", "{\"schema\": 5}").body().get("error_code").intValue()).isEqualTo(42201);
        Answer protobuf = post("/subjects/x-value/versions", "{\"schema\": \"syntax = 'proto3';\", \"schemaType\": \"PROTOBUF\"}");
        assertThat(protobuf.body().get("message").textValue()).contains("only AVRO");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() throws Exception {
        Answer answer = post("/subjects/x-value/versions", "schema please");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error_code").intValue()).isEqualTo(400);
    }

    @Test
    void anUnknownIdIsA404WithConfluentsErrorCode() throws Exception {
        for (String id : new String[] {"99", "abc"}) {
            Answer answer = get("/schemas/ids/" + id);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body().get("error_code").intValue()).isEqualTo(40403);
            assertThat(answer.body().get("message").textValue()).isEqualTo("Schema not found");
        }
    }

    @Test
    void anUnknownSubjectOrVersionIsA404() throws Exception {
        assertThat(get("/subjects/nope/versions").body().get("error_code").intValue()).isEqualTo(40401);
        post("/subjects/geo-value/versions", registration(Geo.getClassSchema().toString()));
        assertThat(get("/subjects/geo-value/versions/2").body().get("error_code").intValue()).isEqualTo(40402);
    }

    @Test
    void anUnknownPathOrMethodIsRefused() throws Exception {
        assertThat(get("/config/nothing").status()).isEqualTo(404);
        assertThat(post("/schemas/ids/1", "{}").status()).isEqualTo(405);
        assertThat(answer(HttpRequest.newBuilder(URI.create(server.url() + "/subjects")).DELETE().build()).status()).isEqualTo(405);
    }

    @Test
    void subjectsWithReservedCharactersSurviveTheUrl() throws Exception {
        String subject = "team a/events:v1";
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
        client.register(subject, Geo.getClassSchema());
        assertThat(registry.subjects()).containsExactly(subject);
    }
}
