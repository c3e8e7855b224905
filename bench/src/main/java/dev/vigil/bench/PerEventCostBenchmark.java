package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Is the cost of an event the same whether its agent sends one event a minute or ten thousand? Runs the real
 * detection topology (every built-in detector, RocksDB state store with caching, the app's Streams properties) in a
 * {@code TopologyTestDriver} — no broker, so the figure is detection's own cost per event, decode included — over
 * two fleets of the same size in events:
 * <ul>
 *   <li><b>quiet</b>: {@code --quiet-agents} agents (default 2,000), each at 1 event per minute;</li>
 *   <li><b>hot</b>: one agent at 10,000 events per minute.</li>
 * </ul>
 * Events (of all four kinds, receipts signed) are generated and serialized before the clock starts. Each fleet runs
 * {@code --repeat} times (default 3), alternating, after one untimed warm-up of each; it prints the median ns per
 * event of each, their ratio, and the serialized state bytes per agent at the end of the last runs. Nothing is
 * asserted: compare the two figures of one run.
 *
 * <pre>
 * mvn -q -pl bench -am install -DskipTests
 * mvn -q -pl bench exec:exec -Dbench.main=dev.vigil.bench.PerEventCostBenchmark -Dbench.args="--events 200000"
 * </pre>
 */
public final class PerEventCostBenchmark {

    private static final long MINUTE = 60_000;

    private PerEventCostBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("--events", "200000"));
        int quietAgents = Integer.parseInt(options.getOrDefault("--quiet-agents", "2000"));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "3"));
        int hotPerMinute = Integer.parseInt(options.getOrDefault("--hot-per-minute", "10000"));
        SyntheticFleet fleet = new SyntheticFleet(quietAgents + 1, 42);
        List<AgentProfile> profiles = fleet.profiles();

        System.out.printf(Locale.ROOT, "generating %,d events per fleet (receipts signed) ...%n", events);
        List<byte[]> quiet = serialize(quietFleet(fleet, events, quietAgents));
        List<byte[]> hot = serialize(hotAgent(fleet, events, hotPerMinute));

        run("warm-up quiet", quiet, profiles);
        run("warm-up hot", hot, profiles);
        List<Run> quietRuns = new ArrayList<>();
        List<Run> hotRuns = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            quietRuns.add(run("quiet #" + (i + 1), quiet, profiles));
            hotRuns.add(run("hot #" + (i + 1), hot, profiles));
        }
        double quietNs = median(quietRuns);
        double hotNs = median(hotRuns);
        System.out.printf(Locale.ROOT, "%nper-event cost, median of %d: quiet fleet (%,d agents at 1 event/min) %.1f µs/event,"
                        + " hot agent (%,d events/min) %.1f µs/event; hot/quiet = %.2f%n",
                repeat, quietAgents, quietNs / 1000, hotPerMinute, hotNs / 1000, hotNs / quietNs);
        Run lastQuiet = quietRuns.get(quietRuns.size() - 1);
        Run lastHot = hotRuns.get(hotRuns.size() - 1);
        System.out.printf(Locale.ROOT, "state bytes per agent: quiet fleet mean %d, max %d; hot agent %d%n",
                lastQuiet.meanStateBytes, lastQuiet.maxStateBytes, lastHot.maxStateBytes);
        System.out.printf(Locale.ROOT, "alerts: quiet %d, hot %d (steady synthetic traffic)%n", lastQuiet.alerts, lastHot.alerts);
        System.out.printf(Locale.ROOT, "reproduce: mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:exec "
                + "-Dbench.main=dev.vigil.bench.PerEventCostBenchmark -Dbench.args=\"--events %d --quiet-agents %d --repeat %d\"%n",
                events, quietAgents, repeat);
    }

    /** Agents 1..quietAgents, each one event per minute (staggered within the minute). */
    private static List<AgentEvent> quietFleet(SyntheticFleet fleet, int events, int quietAgents) {
        Instant start = SyntheticFleet.start();
        List<AgentEvent> out = new ArrayList<>(events);
        for (int k = 0; k < events; k++) {
            int agent = 1 + k % quietAgents;
            long minute = k / quietAgents;
            long offset = (long) (k % quietAgents) * MINUTE / quietAgents;
            out.add(fleet.event(k, agent, start.plusMillis(minute * MINUTE + offset)));
        }
        return out;
    }

    /** Agent 0 at {@code perMinute} events per minute. */
    private static List<AgentEvent> hotAgent(SyntheticFleet fleet, int events, int perMinute) {
        Instant start = SyntheticFleet.start();
        List<AgentEvent> out = new ArrayList<>(events);
        for (int k = 0; k < events; k++) {
            out.add(fleet.event(k, 0, start.plusMillis(k * MINUTE / perMinute)));
        }
        return out;
    }

    private static final String REGISTRY = "mem://per-event-cost-" + UUID.randomUUID();

    private static List<byte[]> serialize(List<AgentEvent> events) {
        var serializer = SerdeFactory.forRegistry(REGISTRY).valueSerde(AgentEvent.class).serializer();
        List<byte[]> out = new ArrayList<>(events.size());
        for (AgentEvent e : events) {
            out.add(serializer.serialize(Topics.defaults().events(), e));
        }
        return out;
    }

    private record Run(String name, double nsPerEvent, long meanStateBytes, long maxStateBytes, long alerts) {
    }

    private static Run run(String name, List<byte[]> events, List<AgentProfile> profiles) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("vigil-per-event-cost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Topics topics = Topics.defaults();
        SerdeFactory serdes = SerdeFactory.forRegistry(REGISTRY);
        Map<String, Object> raw = new HashMap<>();
        raw.put(CommonConfig.BOOTSTRAP_SERVERS, "unused:9092");
        raw.put(CommonConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        raw.put(TopologyConfig.APPLICATION_ID, "vigil-per-event-cost");
        raw.put(TopologyConfig.STATE_DIR, stateDir.toString());
        TopologyConfig config = new TopologyConfig(raw);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                VigilTopology.build(topics, serdes, DetectionSettings.defaults(), new TopologyMetrics(meters)),
                TopologyApp.streamsProperties(config), SyntheticFleet.start())) {
            TestInputTopic<String, AgentProfile> agents = driver.createInputTopic(topics.agents(), new StringSerializer(),
                    serdes.valueSerde(AgentProfile.class).serializer());
            profiles.forEach(p -> agents.pipeInput(p.getAgentId(), p));
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            // keyed by agentId, as producers should: no repartition in the measured path
            List<byte[]> keys = new ArrayList<>(events.size());
            var deserializer = serdes.valueSerde(AgentEvent.class).deserializer();
            for (byte[] value : events) {
                keys.add(deserializer.deserialize(topics.events(), value).getAgentId().getBytes(StandardCharsets.UTF_8));
            }
            long begin = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                input.pipeInput(keys.get(i), events.get(i));
            }
            long elapsed = System.nanoTime() - begin;
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
            double alerts = meters.find("vigil.alerts").counters().stream().mapToDouble(c -> c.count()).sum();
            Run run = new Run(name, (double) elapsed / events.size(), count == 0 ? 0 : total / count, max, (long) alerts);
            System.out.printf(Locale.ROOT, "%-14s %,d events in %.2f s = %.1f µs/event%n", name, events.size(),
                    elapsed / 1e9, run.nsPerEvent / 1000);
            return run;
        } finally {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + stateDir + ": " + e.getMessage());
            }
        }
    }

    private static double median(List<Run> runs) {
        double[] ns = runs.stream().mapToDouble(Run::nsPerEvent).sorted().toArray();
        return ns.length % 2 == 1 ? ns[ns.length / 2] : (ns[ns.length / 2 - 1] + ns[ns.length / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
