package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import dev.vigil.topology.TopologyMetrics;
import dev.vigil.topology.VigilTopology;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The detection topology as deployed — every built-in detector, the RocksDB state store with caching, the app's
 * Streams properties — in a {@code TopologyTestDriver}: no broker, so what a benchmark times is detection's own
 * cost per event, decode included. One instance per run, on a fresh state directory that {@link #close} deletes.
 * Events are piped as bytes serialized beforehand ({@link #serialize}), so the clock never runs Avro encoding.
 */
final class DrivenTopology implements AutoCloseable {

    private static final Topics TOPICS = Topics.defaults();

    private final Path stateDir;
    private final SerdeFactory serdes;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> events;

    /**
     * @param registryUrl the {@code mem://} registry the events were serialized with
     * @param name        application id and state directory prefix, so leftovers say which benchmark left them
     */
    DrivenTopology(String registryUrl, String name, List<AgentProfile> profiles) {
        try {
            stateDir = Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        serdes = SerdeFactory.forRegistry(registryUrl);
        Map<String, Object> raw = new HashMap<>();
        raw.put(CommonConfig.BOOTSTRAP_SERVERS, "unused:9092");
        raw.put(CommonConfig.SCHEMA_REGISTRY_URL, registryUrl);
        raw.put(TopologyConfig.APPLICATION_ID, name);
        raw.put(TopologyConfig.STATE_DIR, stateDir.toString());
        driver = new TopologyTestDriver(
                VigilTopology.build(TOPICS, serdes, DetectionSettings.defaults(), new TopologyMetrics(meters)),
                TopologyApp.streamsProperties(new TopologyConfig(raw)), SyntheticFleet.start());
        TestInputTopic<String, AgentProfile> agents = driver.createInputTopic(TOPICS.agents(), new StringSerializer(),
                serdes.valueSerde(AgentProfile.class).serializer());
        profiles.forEach(p -> agents.pipeInput(p.getAgentId(), p));
        events = driver.createInputTopic(TOPICS.events(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The events' values as the registry serde writes them to the events topic. */
    static List<byte[]> serialize(String registryUrl, List<AgentEvent> events) {
        var serializer = SerdeFactory.forRegistry(registryUrl).valueSerde(AgentEvent.class).serializer();
        List<byte[]> out = new ArrayList<>(events.size());
        for (AgentEvent e : events) {
            out.add(serializer.serialize(TOPICS.events(), e));
        }
        return out;
    }

    /** The events' keys: their agentId, as producers should key them, so no event takes the repartition path. */
    static List<byte[]> keys(List<AgentEvent> events) {
        return events.stream().map(e -> e.getAgentId().getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Publishes rule records on the rules topic, keyed by rule id; the global store applies them at once. */
    void publishRules(List<RuleDefinition> rules) {
        TestInputTopic<String, RuleDefinition> topic = driver.createInputTopic(TOPICS.rules(), new StringSerializer(),
                serdes.valueSerde(RuleDefinition.class).serializer());
        rules.forEach(r -> topic.pipeInput(r.getRuleId(), r, SyntheticFleet.start()));
    }

    /** Pipes the events (same indexes in both lists) and returns the nanoseconds that took. */
    long pipe(List<byte[]> keys, List<byte[]> values) {
        long begin = System.nanoTime();
        for (int i = 0; i < values.size(); i++) {
            events.pipeInput(keys.get(i), values.get(i));
        }
        return System.nanoTime() - begin;
    }

    /** Serialized size of every agent's state. */
    StateBytes stateBytes() {
        KeyValueStore<String, AgentState> store = driver.getKeyValueStore(VigilTopology.AGENT_STATE_STORE);
        AgentStateSerde serde = new AgentStateSerde();
        long total = 0;
        long max = 0;
        long count = 0;
        try (KeyValueIterator<String, AgentState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, AgentState> kv = all.next();
                long bytes = serde.serialize("bench", kv.value).length;
                total += bytes;
                max = Math.max(max, bytes);
                count++;
            }
        }
        return new StateBytes(count == 0 ? 0 : total / count, max);
    }

    /** Alerts emitted so far (new and re-emitted) by the rules whose id passes {@code ruleId}. */
    long alerts(Predicate<String> ruleId) {
        return (long) meters.find("vigil.alerts").counters().stream()
                .filter(c -> ruleId.test(c.getId().getTag("rule")))
                .mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + stateDir + ": " + e.getMessage());
            }
        }
    }

    /** Mean and largest serialized agent state, in bytes. */
    record StateBytes(long mean, long max) {
    }
}
