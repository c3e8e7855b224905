package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology in a {@code TopologyTestDriver}, with the app's own Streams properties, a private in-process
 * schema registry and typed helpers: tests say what they send and read what comes out.
 */
final class TopologyHarness implements AutoCloseable {

    static final String APPLICATION_ID = "vigil-topology-test";

    final Topics topics = Topics.defaults();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final String registryUrl = "mem://topology-test-" + UUID.randomUUID();
    final TopologyTestDriver driver;
    private final Serde<AgentEvent> eventSerde;
    private final Serde<AlertLifecycleEvent> lifecycleSerde;
    private final TestInputTopic<byte[], byte[]> events;
    private final TestInputTopic<byte[], byte[]> alertEvents;
    private final TestInputTopic<String, AgentProfile> agents;
    private final TestInputTopic<String, byte[]> rules;
    private final Serde<dev.vigil.avro.RuleDefinition> ruleSerde;
    private final List<org.apache.kafka.streams.KeyValue<String, byte[]>> ruleRecords = new java.util.ArrayList<>();
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<byte[], byte[]> alertBytes;
    private final TestOutputTopic<byte[], byte[]> dlq;
    private final TestOutputTopic<String, AgentStatus> statuses;
    private final TestOutputTopic<String, AlertLifecycleEvent> commands;
    private final Path stateDir;
    private final DetectionSettings settings;
    private boolean closed;
    private final List<AgentProfile> registered = new java.util.ArrayList<>();

    TopologyHarness() {
        this(DetectionSettings.defaults());
    }

    TopologyHarness(DetectionSettings settings) {
        this.settings = settings;
        SerdeFactory serdes = SerdeFactory.forRegistry(registryUrl);
        try {
            stateDir = Files.createTempDirectory("vigil-topology-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> raw = new HashMap<>();
        raw.put(CommonConfig.BOOTSTRAP_SERVERS, "unused:9092");
        raw.put(CommonConfig.SCHEMA_REGISTRY_URL, "mem://unused");
        raw.put(TopologyConfig.APPLICATION_ID, APPLICATION_ID);
        raw.put(TopologyConfig.STATE_DIR, stateDir.toString());
        TopologyConfig config = new TopologyConfig(raw);
        driver = new TopologyTestDriver(VigilTopology.build(topics, serdes, settings, new TopologyMetrics(meters)),
                TopologyApp.streamsProperties(config), Events.T0);
        eventSerde = serdes.valueSerde(AgentEvent.class);
        lifecycleSerde = serdes.valueSerde(AlertLifecycleEvent.class);
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        alertEvents = driver.createInputTopic(topics.alertEvents(), new ByteArraySerializer(), new ByteArraySerializer());
        agents = driver.createInputTopic(topics.agents(), new StringSerializer(), serdes.valueSerde(AgentProfile.class).serializer());
        rules = driver.createInputTopic(topics.rules(), new StringSerializer(), new ByteArraySerializer());
        ruleSerde = serdes.valueSerde(dev.vigil.avro.RuleDefinition.class);
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), serdes.valueSerde(Alert.class).deserializer());
        alertBytes = driver.createOutputTopic(topics.alerts(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(topics.eventsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        statuses = driver.createOutputTopic(topics.agentStatus(), new StringDeserializer(),
                serdes.valueSerde(AgentStatus.class).deserializer());
        commands = driver.createOutputTopic(topics.alertEvents(), new StringDeserializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer());
    }

    /** The default settings with every rule but {@code ruleIds} turned off: a test about one rule sees only its alerts. */
    static DetectionSettings only(String... ruleIds) {
        return only(DetectionSettings.defaults(), ruleIds);
    }

    static DetectionSettings only(DetectionSettings settings, String... ruleIds) {
        java.util.Set<String> keep = java.util.Set.of(ruleIds);
        DetectionSettings result = settings;
        for (var detector : Detectors.builtIn()) {
            if (!keep.contains(detector.ruleId())) {
                result = result.with(dev.vigil.topology.detect.Parameters.enabled(detector.ruleId()), false);
            }
        }
        return result;
    }

    /** Sends an event keyed by its agentId, with the record timestamp set to its time. */
    TopologyHarness send(AgentEvent event) {
        return send(event.getAgentId(), event);
    }

    TopologyHarness send(String key, AgentEvent event) {
        sendRaw(key == null ? null : key.getBytes(StandardCharsets.UTF_8), bytes(event), new RecordHeaders(), event.getOccurredAt());
        return this;
    }

    void sendRaw(byte[] key, byte[] value, Headers headers, Instant recordTime) {
        events.pipeInput(new TestRecord<>(key, value, headers, recordTime));
    }

    byte[] bytes(AgentEvent event) {
        return eventSerde.serializer().serialize(topics.events(), event);
    }

    void register(AgentProfile profile) {
        registered.add(profile);
        agents.pipeInput(profile.getAgentId(), profile, Events.T0);
    }

    /** Publishes a rule or override (JSON, validated as the API does) on vigil.rules.v1, keyed by its id. */
    TopologyHarness rule(String json) {
        dev.vigil.avro.RuleDefinition record = dev.vigil.topology.rules.RuleJson.toRecord(dev.vigil.topology.rules.RuleJson.read(json));
        sendRuleRaw(record.getRuleId(), ruleSerde.serializer().serialize(topics.rules(), record));
        return this;
    }

    /** A tombstone for {@code ruleId} on vigil.rules.v1. */
    TopologyHarness deleteRule(String ruleId) {
        sendRuleRaw(ruleId, null);
        return this;
    }

    /** Any bytes on vigil.rules.v1, e.g. a record that bypassed the API. */
    void sendRuleRaw(String key, byte[] value) {
        ruleRecords.add(org.apache.kafka.streams.KeyValue.pair(key, value));
        rules.pipeInput(key, value, Events.T0);
    }

    private byte[] reserialized(byte[] value, TopologyHarness other) {
        if (value == null) {
            return null;
        }
        try {
            return other.ruleBytes(ruleSerde.deserializer().deserialize(topics.rules(), value));
        } catch (RuntimeException undecodable) {
            return value;
        }
    }

    /** Serializes a rule record as the registry serde would, without validating it. */
    byte[] ruleBytes(dev.vigil.avro.RuleDefinition record) {
        return ruleSerde.serializer().serialize(topics.rules(), record);
    }

    /**
     * Closes this driver and returns a new one that starts as a restarted instance would: the agent states are
     * carried over as their serialized bytes (what the changelog holds), the profiles are registered again. The
     * test driver wipes its state directory on close, so this plays the restore Streams does from the changelog.
     */
    TopologyHarness restart() {
        AgentStateSerde serde = new AgentStateSerde();
        List<org.apache.kafka.streams.KeyValue<String, byte[]>> changelog = new java.util.ArrayList<>();
        try (var all = stateStore().all()) {
            all.forEachRemaining(kv -> changelog.add(org.apache.kafka.streams.KeyValue.pair(kv.key, serde.serialize("changelog", kv.value))));
        }
        close();
        TopologyHarness restarted = new TopologyHarness(settings);
        registered.forEach(restarted::register);
        // Each harness has its own in-memory registry: rule records are re-serialized for the new one.
        ruleRecords.forEach(kv -> restarted.sendRuleRaw(kv.key, reserialized(kv.value, restarted)));
        changelog.forEach(kv -> restarted.stateStore().put(kv.key, serde.deserialize("changelog", kv.value)));
        return restarted;
    }

    void sendLifecycle(AlertLifecycleEvent event) {
        alertEvents.pipeInput(event.getAgentId().getBytes(StandardCharsets.UTF_8),
                lifecycleSerde.serializer().serialize(topics.alertEvents(), event), event.getOccurredAt());
    }

    void sendLifecycleRaw(byte[] key, byte[] value) {
        alertEvents.pipeInput(key, value, Events.T0);
    }

    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<TestRecord<String, Alert>> alertRecords() {
        return alerts.readRecordsToList();
    }

    /** The alerts as written, for byte-level comparisons; reading them here consumes them. */
    List<byte[]> alertBytes() {
        return alertBytes.readValuesToList();
    }

    /** Circuit-breaker statuses written to vigil.agent-status.v1 (consumes them). */
    List<AgentStatus> statuses() {
        return statuses.readValuesToList();
    }

    /**
     * The breaker's moves on vigil.agent-status.v1 (consumes every status record): without the records that only
     * announce an agent ("first seen") or the end of its calibration, which move nothing.
     */
    List<AgentStatus> moves() {
        return statuses().stream().filter(s -> !s.getReason().equals("first seen")
                && !s.getReason().startsWith("calibration ended by ")).toList();
    }

    /** Commands the topology wrote to vigil.alert-events.v1 (the breaker's cascade; consumes them). */
    List<AlertLifecycleEvent> commandsWritten() {
        return commands.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    /** Records written to the one repartition topic (the test driver captures internal topics too). */
    List<TestRecord<byte[], byte[]>> repartitioned() {
        String topic = APPLICATION_ID + "-" + VigilTopology.EVENTS_BY_AGENT + "-repartition";
        if (!driver.producedTopicNames().contains(topic)) {
            return List.of();
        }
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    KeyValueStore<String, AgentState> stateStore() {
        return driver.getKeyValueStore(VigilTopology.AGENT_STATE_STORE);
    }

    double counter(String name, String... tags) {
        var search = meters.find(name).tags(tags);
        return search.counter() == null ? 0 : search.counter().count();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot delete " + stateDir, e);
        }
    }
}
