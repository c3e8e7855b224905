package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.Severity;
import dev.vigil.avro.Silence;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.audit.AuditChain;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle service on a real broker: an alert on the topic, listed, acknowledged, refused, resolved; a rule
 * created and deleted through the API, read back from the rules topic; a channel and a silence created, read back from
 * their topics, then deleted (a tombstone) and ended (the silence written again).
 */
class LifecycleAppEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:e2e-agent";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    @Test
    void anAlertIsListedAcknowledgedOnceAndResolvedThroughTheApi() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Alert alert = Fixtures.alert("e2e-alert-1", AGENT, Severity.critical, Instant.parse("2025-03-01T10:00:00Z"));

        Map<String, Object> config = config(topics, registry, 0);
        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config))) {
            app.start();
            await().atMost(WAIT).until(() -> get(app, "/health").statusCode() == 200);
            kafka.produceBytes(topics.alerts(), AGENT, "poison".getBytes(StandardCharsets.UTF_8));
            kafka.produce(topics.alerts(), AGENT, alert, serdes.valueSerde(Alert.class).serializer());

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode listed = json(get(app, "/v1/alerts?status=open")).get("alerts");
                assertThat(listed).hasSize(1);
                assertThat(listed.get(0).get("alertId").asText()).isEqualTo("e2e-alert-1");
            });

            HttpResponse<String> ack = post(app, "/v1/alerts/e2e-alert-1/acknowledge", "{\"note\":\"on it\"}", "alice");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(json(ack).get("status").asText()).isEqualTo("acknowledged");
            assertThat(json(ack).get("acknowledgedBy").asText()).isEqualTo("alice");

            ConsumerRecord<String, AlertLifecycleEvent> event = kafka.awaitRecord(topics.alertEvents(),
                    serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                    r -> r.value().getAction() == LifecycleAction.ACKNOWLEDGE, WAIT);
            assertThat(event.key()).isEqualTo(AGENT);
            assertThat(event.value().getActor()).isEqualTo("alice");
            assertThat(event.value().getAlertId()).isEqualTo("e2e-alert-1");
            assertThat(event.value().getNote()).isEqualTo("on it");
            assertThat(AuditChain.intact(event.value())).as("on its tenant's audit chain").isTrue();

            HttpResponse<String> again = post(app, "/v1/alerts/e2e-alert-1/acknowledge", "", "bob");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).get("status").asText()).isEqualTo("acknowledged");

            HttpResponse<String> resolve = post(app, "/v1/alerts/e2e-alert-1/resolve",
                    "{\"note\":\"contained\",\"resolution\":\"true_positive\"}", "alice");
            assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
            assertThat(json(resolve).get("status").asText()).isEqualTo("resolved");
            JsonNode view = json(get(app, "/v1/alerts/e2e-alert-1"));
            assertThat(view.get("status").asText()).isEqualTo("resolved");
            assertThat(view.get("resolution").asText()).isEqualTo("true_positive");
            assertThat(view.get("history")).hasSize(2);

            String metrics = get(app, "/metrics").body();
            assertThat(metrics).contains("vigil_lifecycle_records_skipped_total{reason=\"undecodable\"} 1.0")
                    .contains("kafka_stream_")
                    .contains("vigil_lifecycle_commands_total{action=\"resolve\",outcome=\"applied\"} 1.0")
                    .contains("vigil_alerts_open 0.0", "vigil_alerts_acknowledged 0.0", "vigil_alerts_resolved 1.0")
                    .contains("vigil_anomalies_total{severity=\"critical\"} 1.0")
                    .contains("jvm_memory_used_bytes{");
        }

        try (LifecycleApp restarted = new LifecycleApp(new LifecycleConfig(config))) {
            restarted.start();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(restarted, "/metrics").body())
                    .as("the restored view counted when its task starts; no alert is new to the counter")
                    .contains("vigil_alerts_resolved 1.0", "vigil_alerts_open 0.0")
                    .contains("vigil_anomalies_total{severity=\"critical\"} 0.0"));
        }
    }

    @Test
    void aRuleIsPublishedThroughTheApiAndDeletedWithATombstone() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Deserializer<RuleDefinition> rules = serdes.valueSerde(RuleDefinition.class).deserializer();

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry, 0)))) {
            app.start();
            await().atMost(WAIT).until(() -> get(app, "/health").statusCode() == 200);
            kafka.produceBytes(topics.rules(), "poison", "poison".getBytes(StandardCharsets.UTF_8));
            kafka.produce(topics.rules(), "from-topic", RuleFixtures.custom("from-topic"),
                    serdes.valueSerde(RuleDefinition.class).serializer());
            await().atMost(WAIT).until(() -> get(app, "/v1/rules/from-topic").statusCode() == 200);

            HttpResponse<String> created = send(app, "POST", "/v1/rules", RuleFixtures.SHELL_WRITES);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ConsumerRecord<String, byte[]> written = kafka.awaitRecord(topics.rules(), new ByteArrayDeserializer(),
                    r -> "shell-writes".equals(r.key()), WAIT);
            assertThat(rules.deserialize(topics.rules(), written.value()))
                    .isEqualTo(RuleFixtures.record(RuleFixtures.SHELL_WRITES));
            assertThat(json(get(app, "/v1/rules")).get("custom")).extracting(r -> r.get("ruleId").asText())
                    .containsExactly("from-topic", "shell-writes");

            HttpResponse<String> deleted = send(app, "DELETE", "/v1/rules/shell-writes", "");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            ConsumerRecord<String, byte[]> tombstone = kafka.awaitRecord(topics.rules(), new ByteArrayDeserializer(),
                    r -> "shell-writes".equals(r.key()) && r.value() == null, WAIT);
            assertThat(tombstone.offset()).isGreaterThan(written.offset());
            assertThat(get(app, "/v1/rules/shell-writes").statusCode()).isEqualTo(404);
            assertThat(get(app, "/metrics").body())
                    .contains("vigil_lifecycle_records_skipped_total{reason=\"invalid_rule\"} 1.0");
        }
    }

    @Test
    void aChannelAndASilenceArePublishedThroughTheApiAndEndedOnTheirTopics() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Deserializer<ChannelConfig> channels = serdes.valueSerde(ChannelConfig.class).deserializer();
        Deserializer<Silence> silences = serdes.valueSerde(Silence.class).deserializer();

        try (LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, registry, 0)))) {
            app.start();
            await().atMost(WAIT).until(() -> get(app, "/health").statusCode() == 200);
            kafka.produceBytes(topics.channels(), "poison", "poison".getBytes(StandardCharsets.UTF_8));
            kafka.produceBytes(topics.silences(), "poison", "poison".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> channel = send(app, "POST", "/v1/channels", """
                    {"name": "ops-console", "type": "console", "severities": ["critical"],
                     "matchers": {"tenantId": "acme"}, "groupWait": "30s"}
                    """);
            assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
            ConsumerRecord<String, byte[]> channelRecord = kafka.awaitRecord(topics.channels(), new ByteArrayDeserializer(),
                    r -> "ops-console".equals(r.key()), WAIT);
            assertThat(channels.deserialize(topics.channels(), channelRecord.value())).isEqualTo(ChannelConfig.newBuilder()
                    .setName("ops-console").setType("console").setSeverities(List.of(Severity.critical))
                    .setMatchers(Map.of("tenantId", "acme")).setGroupWait("30s").build());
            HttpResponse<String> tested = send(app, "POST", "/v1/channels/ops-console/test", "");
            assertThat(json(tested).get("outcome").asText()).as(tested.body()).isEqualTo("delivered");

            Instant endsAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
            HttpResponse<String> silence = send(app, "POST", "/v1/silences", "{\"silenceId\": \"e2e-silence\", "
                    + "\"matchers\": {\"agentId\": \"" + AGENT + "\"}, \"endsAt\": \"" + endsAt + "\", "
                    + "\"comment\": \"e2e\"}");
            assertThat(silence.statusCode()).as(silence.body()).isEqualTo(201);
            Instant startsAt = Instant.parse(json(silence).get("startsAt").asText());
            ConsumerRecord<String, byte[]> silenceRecord = kafka.awaitRecord(topics.silences(), new ByteArrayDeserializer(),
                    r -> "e2e-silence".equals(r.key()), WAIT);
            assertThat(silences.deserialize(topics.silences(), silenceRecord.value())).isEqualTo(Silence.newBuilder()
                    .setSilenceId("e2e-silence").setMatchers(Map.of("agentId", AGENT)).setStartsAt(startsAt)
                    .setEndsAt(endsAt).setCreatedBy("alice").setComment("e2e").setCreatedAt(startsAt).build());

            HttpResponse<String> deleted = send(app, "DELETE", "/v1/channels/ops-console", "");
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            ConsumerRecord<String, byte[]> tombstone = kafka.awaitRecord(topics.channels(), new ByteArrayDeserializer(),
                    r -> "ops-console".equals(r.key()) && r.value() == null, WAIT);
            assertThat(tombstone.offset()).isGreaterThan(channelRecord.offset());

            HttpResponse<String> ended = send(app, "DELETE", "/v1/silences/e2e-silence", "");
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);
            ConsumerRecord<String, byte[]> endedRecord = kafka.awaitRecord(topics.silences(), new ByteArrayDeserializer(),
                    r -> "e2e-silence".equals(r.key()) && r.offset() > silenceRecord.offset(), WAIT);
            Silence endedSilence = silences.deserialize(topics.silences(), endedRecord.value());
            assertThat(endedSilence.getEndsAt()).isBefore(endsAt).isAfterOrEqualTo(startsAt);
            assertThat(endedSilence.getComment()).startsWith("e2e [ended early by alice at ");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(get(app, "/v1/channels/ops-console").statusCode()).isEqualTo(404);
                assertThat(json(get(app, "/v1/silences/e2e-silence")).get("state").asText()).isEqualTo("ended");
                assertThat(get(app, "/metrics").body())
                        .contains("vigil_lifecycle_records_skipped_total{reason=\"invalid_channel\"} 1.0")
                        .contains("vigil_lifecycle_records_skipped_total{reason=\"invalid_silence\"} 1.0");
            });
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNothingRunning() throws Exception {
        Topics topics = kafka.uniqueTopics();
        try (ServerSocket taken = new ServerSocket(0)) {
            LifecycleApp app = new LifecycleApp(new LifecycleConfig(config(topics, kafka.registryUrl(), taken.getLocalPort())));

            assertThatThrownBy(app::start).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(app::httpPort).isInstanceOf(IllegalStateException.class);
            app.close();
            app.close();
        }
    }

    private Map<String, Object> config(Topics topics, String registry, int httpPort) {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("lifecycle-e2e"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.HTTP_PORT, String.valueOf(httpPort));
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        return values;
    }

    private HttpResponse<String> get(LifecycleApp app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(LifecycleApp app, String path, String body, String actor)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Vigil-Actor", actor)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(LifecycleApp app, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Vigil-Actor", "alice")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
