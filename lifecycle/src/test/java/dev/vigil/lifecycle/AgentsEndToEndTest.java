package dev.vigil.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.lifecycle.audit.AuditChain;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents API with the topology on a real broker: an agent registered through the API lands on
 * {@code vigil.agents.v1}; a halt with a justification reaches the topology, which publishes HALTED on
 * {@code vigil.agent-status.v1}, and the status route says so; a resume without a justification is a 400 that writes
 * nothing; with one, the agent is MONITORING again.
 */
class AgentsEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:e2e-halted-agent";
    private static final String TENANT = "acme";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created admin = ApiKeys.create(TENANT, Role.ADMIN, "carol");
    private final ApiKeys.Created responder = ApiKeys.create(TENANT, Role.RESPONDER, "alice");

    @TempDir
    Path stateDir;

    @Test
    void anAgentRegisteredAndHaltedThroughTheApiIsHaltedByTheTopologyAndResumedOnlyWithAJustification()
            throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        Deserializer<AgentStatus> statuses = serdes.valueSerde(AgentStatus.class).deserializer();
        Deserializer<AlertLifecycleEvent> events = serdes.valueSerde(AlertLifecycleEvent.class).deserializer();

        try (TopologyApp topology = new TopologyApp(new TopologyConfig(topologyConfig(topics, registry)));
             LifecycleApp lifecycle = new LifecycleApp(new LifecycleConfig(lifecycleConfig(topics, registry)))) {
            topology.start();
            lifecycle.start();
            await().atMost(WAIT).until(() -> topology.state() == KafkaStreams.State.RUNNING
                    && call(lifecycle, "GET", "/health", null, null).statusCode() == 200);

            String profile = AgentFixtures.profileJson(AGENT, TENANT);
            HttpResponse<String> registered = call(lifecycle, "PUT", "/v1/agents/" + AGENT, admin, profile);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            ConsumerRecord<String, AgentProfile> onTopic = kafka.awaitRecord(topics.agents(),
                    serdes.valueSerde(AgentProfile.class).deserializer(), r -> AGENT.equals(r.key()), WAIT);
            assertThat(onTopic.value()).isEqualTo(ProfileJson.parse(profile));
            assertThat(json(call(lifecycle, "GET", "/v1/agents/" + AGENT + "/status", responder, null))
                    .get("state").asText()).isEqualTo("MONITORING");

            HttpResponse<String> halt = call(lifecycle, "POST", "/v1/agents/" + AGENT + "/halt", responder,
                    "{\"justification\": \"card numbers in tool output, SEC-7\"}");
            assertThat(halt.statusCode()).as(halt.body()).isEqualTo(202);
            ConsumerRecord<String, AlertLifecycleEvent> haltEvent = kafka.awaitRecord(topics.alertEvents(), events,
                    r -> r.value().getEventId().equals(json(halt).get("eventId").asText()), WAIT);
            assertThat(haltEvent.key()).isEqualTo(AGENT);
            assertThat(AuditChain.intact(haltEvent.value())).as("on its tenant's audit chain").isTrue();
            ConsumerRecord<String, AgentStatus> halted = kafka.awaitRecord(topics.agentStatus(), statuses,
                    r -> AGENT.equals(r.key()) && r.value().getState() == BreakerState.HALTED, WAIT);
            assertThat(halted.value().getActor()).isEqualTo("alice");
            assertThat(halted.value().getReason()).isEqualTo("halted by alice: card numbers in tool output, SEC-7");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode status = json(call(lifecycle, "GET", "/v1/agents/" + AGENT + "/status", responder, null));
                assertThat(status.get("state").asText()).isEqualTo("HALTED");
                assertThat(status.get("actor").asText()).isEqualTo("alice");
            });

            HttpResponse<String> unjustified = call(lifecycle, "POST", "/v1/agents/" + AGENT + "/resume", responder, "{}");
            assertThat(unjustified.statusCode()).isEqualTo(400);
            assertThat(json(unjustified).get("field").asText()).isEqualTo("justification");

            HttpResponse<String> resume = call(lifecycle, "POST", "/v1/agents/" + AGENT + "/resume", responder,
                    "{\"justification\": \"tool fixed, output scrubbed\"}");
            assertThat(resume.statusCode()).as(resume.body()).isEqualTo(202);
            ConsumerRecord<String, AgentStatus> resumed = kafka.awaitRecord(topics.agentStatus(), statuses,
                    r -> AGENT.equals(r.key()) && r.offset() > halted.offset()
                            && r.value().getState() == BreakerState.MONITORING, WAIT);
            assertThat(resumed.value().getReason()).isEqualTo("resumed by alice: tool fixed, output scrubbed");
            // Both resumes would be in the agent's partition in order: the first one there is the justified one.
            ConsumerRecord<String, AlertLifecycleEvent> firstResume = kafka.awaitRecord(topics.alertEvents(), events,
                    r -> r.value().getAction() == LifecycleAction.RESUME, WAIT);
            assertThat(firstResume.value().getEventId()).isEqualTo(json(resume).get("eventId").asText());
            assertThat(firstResume.value().getNote()).isEqualTo("tool fixed, output scrubbed");
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(call(lifecycle, "GET",
                    "/v1/agents/" + AGENT + "/status", responder, null)).get("state").asText()).isEqualTo("MONITORING"));
        }
    }

    private Map<String, Object> common(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>(topics.asConfig());
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        return values;
    }

    private Map<String, Object> topologyConfig(Topics topics, String registry) {
        Map<String, Object> values = common(topics, registry);
        values.put(TopologyConfig.APPLICATION_ID, kafka.uniqueName("agents-e2e-topology"));
        values.put(TopologyConfig.STATE_DIR, stateDir.resolve("topology").toString());
        values.put(TopologyConfig.REPLICATION_FACTOR, "1");
        values.put("kafka.commit.interval.ms", "100");
        return values;
    }

    private Map<String, Object> lifecycleConfig(Topics topics, String registry) {
        Map<String, Object> values = common(topics, registry);
        values.put(LifecycleConfig.APPLICATION_ID, kafka.uniqueName("agents-e2e-lifecycle"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.resolve("lifecycle").toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        values.put(LifecycleConfig.API_KEYS, admin.entry() + "," + responder.entry());
        return values;
    }

    private HttpResponse<String> call(LifecycleApp app, String method, String path, ApiKeys.Created key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key.key());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
