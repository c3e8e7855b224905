package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.AvroSerde;
import dev.vigil.serde.SchemaRegistries;
import dev.vigil.testkit.KafkaClusterExtension;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.rules.RuleJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom rules changed while the app runs on a real broker: added, disabled, re-thresholded, deleted, and a broken
 * record on the rules topic. Every built-in rule is off, so every alert is a custom rule's. "Quiet" is proved with a
 * sentinel rule: its alert for the same agent comes after the event under test in the same partition, so once it is
 * there, an alert of the rule under test would be there too.
 */
class CustomRulesOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private final AtomicInteger ids = new AtomicInteger();
    private Topics topics;
    private AvroSerde<AgentEvent> events;
    private AvroSerde<Alert> alerts;
    private AvroSerde<RuleDefinition> rules;
    private TopologyApp app;

    @Test
    void rulesAddedChangedDisabledAndDeletedAtRunTimeApplyWithoutARestart() throws Exception {
        topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        events = new AvroSerde<>(AgentEvent.class, SchemaRegistries.forUrl(registry));
        alerts = new AvroSerde<>(Alert.class, SchemaRegistries.forUrl(registry));
        rules = new AvroSerde<>(RuleDefinition.class, SchemaRegistries.forUrl(registry));
        Map<String, Object> config = RealBrokerConfig.of(kafka, topics, registry, stateDir, "vigil-rules");
        for (Detector detector : Detectors.builtIn()) {
            config.put(Parameters.enabled(detector.ruleId()).configKey(), "false");
        }
        try (TopologyApp started = new TopologyApp(new TopologyConfig(config))) {
            app = started;
            app.start();
            await().atMost(TIMEOUT).until(() -> app.state() == KafkaStreams.State.RUNNING);
            publish(rule("sentinel", 1, true, 1, "sentinel"));
            publish(rule("shell", 1, true, 1, "shell"));
            awaitMetric("vigil_rules_custom_enabled 2.0");

            // Added at run time: fires.
            send("agent-1", "shell");
            Alert fired = awaitAlert("agent-1", "shell");
            assertThat(fired.getRuleVersion()).isEqualTo(1);
            assertThat(fired.getChannels()).containsExactly("ops");

            // Disabled: quiet.
            publish(rule("shell", 2, false, 1, "shell"));
            awaitMetric("vigil_rules_custom_enabled 1.0");
            send("agent-2", "shell");
            assertQuiet("agent-2", "shell");

            // Threshold changed to 3: two events are not enough, the third fires, with the new version.
            publish(rule("shell", 3, true, 3, "shell"));
            awaitMetric("vigil_rules_custom_enabled 2.0");
            send("agent-3", "shell");
            send("agent-3", "shell");
            assertQuiet("agent-3", "shell");
            send("agent-3", "shell");
            Alert third = awaitAlert("agent-3", "shell");
            assertThat(third.getRuleVersion()).isEqualTo(3);
            assertThat(third.getObserved()).containsEntry("count", "3");

            // A broken record (not Avro) and an invalid one (CEL type error) are counted and ignored; the app runs on.
            kafka.produceBytes(topics.rules(), "broken", "not a rule".getBytes(StandardCharsets.UTF_8));
            RuleDefinition typo = RuleJson.toRecord(RuleJson.read(rule("typo", 1, true, 1, "x")));
            typo.getCondition().setWhere("event.tool > 3");
            kafka.produce(topics.rules(), "typo", typo, rules.serializer());
            awaitMetric("vigil_rules_rejected_total{reason=\"undecodable\"} 1.0");
            awaitMetric("vigil_rules_rejected_total{reason=\"invalid\"} 1.0");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            send("agent-4", "shell");
            send("agent-4", "shell");
            send("agent-4", "shell");
            awaitAlert("agent-4", "shell");

            // Deleted (tombstone): gone.
            kafka.produceBytes(topics.rules(), "shell", null);
            awaitMetric("vigil_rules_records 1.0");
            for (int i = 0; i < 3; i++) {
                send("agent-5", "shell");
            }
            assertQuiet("agent-5", "shell");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void rulesAlreadyOnTheTopicApplyFromTheFirstEventAfterAStart() throws Exception {
        topics = kafka.createVigilTopics(kafka.uniqueTopics(), 2);
        String registry = kafka.registryUrl();
        events = new AvroSerde<>(AgentEvent.class, SchemaRegistries.forUrl(registry));
        alerts = new AvroSerde<>(Alert.class, SchemaRegistries.forUrl(registry));
        rules = new AvroSerde<>(RuleDefinition.class, SchemaRegistries.forUrl(registry));
        publish(rule("shell", 1, true, 1, "shell"));
        kafka.produceBytes(topics.rules(), "broken", "not a rule".getBytes(StandardCharsets.UTF_8));
        publish(rule("shell", 2, true, 1, "shell").replace("'shell'", "'shell' && event.agentId != 'nobody'"));
        Map<String, Object> config = RealBrokerConfig.of(kafka, topics, registry, stateDir, "vigil-rules-start");
        try (TopologyApp started = new TopologyApp(new TopologyConfig(config))) {
            app = started;
            app.start();
            await().atMost(TIMEOUT).until(() -> app.state() == KafkaStreams.State.RUNNING);
            send("agent-1", "shell");
            assertThat(awaitAlert("agent-1", "shell").getRuleVersion()).isEqualTo(2);
            awaitMetric("vigil_rules_records 1.0");
        }
    }

    private static String rule(String id, int version, boolean enabled, int threshold, String tool) {
        return "{\"ruleId\": \"" + id + "\", \"version\": " + version + ", \"name\": \"Tool " + tool + "\", \"enabled\": " + enabled
                + ", \"severity\": \"high\", \"channels\": [\"ops\"], \"condition\": {\"eventTypes\": [\"tool_call\"],"
                + " \"where\": \"event.tool == '" + tool + "'\", \"timeWindow\": \"1h\", \"threshold\": " + threshold + "}}";
    }

    private void publish(String json) {
        RuleDefinition record = RuleJson.toRecord(RuleJson.read(json));
        kafka.produce(topics.rules(), record.getRuleId(), record, rules.serializer());
    }

    private void send(String agent, String tool) {
        AgentEvent event = AgentEvent.newBuilder().setEventId("e-" + ids.incrementAndGet()).setTenantId(Events.TENANT)
                .setAgentId(agent).setOccurredAt(T0.plusSeconds(ids.get())).setOutcome(Outcome.success)
                .setPayload(ToolCallPayload.newBuilder().setTool(tool).setCapability(Capability.write).build()).build();
        kafka.produce(topics.events(), agent, event, events.serializer());
    }

    private Alert awaitAlert(String agent, String ruleId) {
        ConsumerRecord<String, Alert> record = kafka.awaitRecord(topics.alerts(), alerts.deserializer(),
                r -> r.key().equals(agent) && r.value().getRuleId().equals(ruleId), TIMEOUT);
        return record.value();
    }

    /**
     * The sentinel's alert for {@code agent} arrives, and no alert of {@code ruleId} for it came before: both would
     * be in the agent's partition, in processing order, so the first of the two found is the sentinel's.
     */
    private void assertQuiet(String agent, String ruleId) {
        send(agent, "sentinel");
        ConsumerRecord<String, Alert> first = kafka.awaitRecord(topics.alerts(), alerts.deserializer(),
                r -> r.key().equals(agent) && (r.value().getRuleId().equals("sentinel") || r.value().getRuleId().equals(ruleId)),
                TIMEOUT);
        assertThat(first.value().getRuleId()).as("first alert of " + agent).isEqualTo("sentinel");
    }

    private void awaitMetric(String line) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(metrics()).contains(line));
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.opsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
