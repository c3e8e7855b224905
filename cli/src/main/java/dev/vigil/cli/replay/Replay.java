package dev.vigil.cli.replay;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import java.util.function.Consumer;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.Topics;
import dev.vigil.ingest.AlertJson;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import dev.vigil.topology.TopologyMetrics;
import dev.vigil.topology.VigilTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs the production topology ({@link VigilTopology}) in a {@link TopologyTestDriver}: the same processors, stores
 * and serdes as the live app, fed synchronously, with a fixed wall clock so nothing but the input decides the output.
 */
public final class Replay implements AutoCloseable {

    private static final int DRAIN_EVERY = 1_000;

    private final Writer out;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, AgentProfile> agents;
    private final TestInputTopic<String, AgentEvent> events;
    private final TestInputTopic<String, RuleDefinition> rules;
    private Consumer<Alert> onAlert = alert -> { };
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Map<String, Long> alertsByRule = new TreeMap<>();
    private long alertCount;
    private long deadLettered;
    private long sinceDrain;

    /**
     * The topology's configuration with {@code overrides} applied, checked as {@code vigil run} checks it: an unknown
     * {@code vigil.*} key or a bad value is a {@link org.apache.kafka.common.config.ConfigException} naming the key,
     * because a mistyped setting would otherwise replay silently with the default.
     */
    public static TopologyConfig config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(ConfigLoader.load(TopologyConfig.definition(), null, Map.of(), overrides));
        settings.put(CommonConfig.BOOTSTRAP_SERVERS, "replay:9092");
        settings.put(CommonConfig.SCHEMA_REGISTRY_URL, "mem://replay-" + UUID.randomUUID());
        return new TopologyConfig(settings);
    }

    public Replay(TopologyConfig config, Writer out) {
        this.out = out;
        try {
            this.stateDir = Files.createTempDirectory("vigil-replay-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Topics topics = Topics.from(config);
        SerdeFactory serdes = CommonConfig.serdes(config);
        Properties props = TopologyApp.streamsProperties(config);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                VigilTopology.build(topics, serdes, DetectionSettings.from(config), new TopologyMetrics(new SimpleMeterRegistry())),
                props, Instant.EPOCH);
        agents = driver.createInputTopic(topics.agents(), new StringSerializer(), serdes.valueSerde(AgentProfile.class).serializer());
        events = driver.createInputTopic(topics.events(), new StringSerializer(), serdes.valueSerde(AgentEvent.class).serializer());
        rules = driver.createInputTopic(topics.rules(), new StringSerializer(), serdes.valueSerde(RuleDefinition.class).serializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), serdes.valueSerde(Alert.class).deserializer());
        deadLetters = driver.createOutputTopic(topics.eventsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public void profile(AgentProfile profile) {
        agents.pipeInput(profile.getAgentId(), profile, Instant.EPOCH);
    }

    /** Publishes a custom rule or an override on the rules topic, as the API would; it applies to the events after it. */
    public void rule(RuleSpec spec) {
        rules.pipeInput(spec.ruleId(), RuleJson.toRecord(spec), Instant.EPOCH);
    }

    /** Also hands every alert written to {@code listener}, in output order. */
    public void onAlert(Consumer<Alert> listener) {
        this.onAlert = listener;
    }

    public void event(AgentEvent event) {
        events.pipeInput(event.getAgentId(), event, event.getOccurredAt());
        if (++sinceDrain >= DRAIN_EVERY) {
            drain();
        }
    }

    /** Writes the remaining alerts and returns the counts. */
    public ReplaySummary finish() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReplaySummary(alertCount, alertsByRule, deadLettered);
    }

    private void drain() {
        sinceDrain = 0;
        try {
            while (!alerts.isEmpty()) {
                Alert alert = alerts.readValue();
                out.write(AlertJson.write(alert));
                out.write('\n');
                alertCount++;
                alertsByRule.merge(alert.getRuleId(), 1L, Long::sum);
                onAlert.accept(alert);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deadLettered += deadLetters.getQueueSize();
        deadLetters.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary state directory is harmless.
        }
    }
}
