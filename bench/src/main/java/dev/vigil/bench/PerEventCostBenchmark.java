package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
        Map<String, String> options = ProgramArgs.parse(args, Set.of("--events", "--quiet-agents", "--repeat",
                "--hot-per-minute"));
        int events = Integer.parseInt(options.getOrDefault("--events", "200000"));
        int quietAgents = Integer.parseInt(options.getOrDefault("--quiet-agents", "2000"));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "3"));
        int hotPerMinute = Integer.parseInt(options.getOrDefault("--hot-per-minute", "10000"));
        QuietLogs.temporaryStateDir();
        SyntheticFleet fleet = new SyntheticFleet(quietAgents + 1, 42);
        List<AgentProfile> profiles = fleet.profiles();

        System.out.printf(Locale.ROOT, "generating %,d events per fleet (receipts signed) ...%n", events);
        Input quiet = Input.of(quietFleet(fleet, events, quietAgents));
        Input hot = Input.of(hotAgent(fleet, events, hotPerMinute));

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

    /** An input ready to pipe: keys and serialized values, so the clock runs no encoding. */
    private record Input(List<byte[]> keys, List<byte[]> values) {
        static Input of(List<AgentEvent> events) {
            return new Input(DrivenTopology.keys(events), DrivenTopology.serialize(REGISTRY, events));
        }
    }

    private record Run(String name, double nsPerEvent, long meanStateBytes, long maxStateBytes, long alerts) {
    }

    private static Run run(String name, Input input, List<AgentProfile> profiles) {
        try (DrivenTopology topology = new DrivenTopology(REGISTRY, "vigil-per-event-cost", profiles)) {
            long elapsed = topology.pipe(input.keys(), input.values());
            DrivenTopology.StateBytes state = topology.stateBytes();
            Run run = new Run(name, (double) elapsed / input.values().size(), state.mean(), state.max(),
                    topology.alerts(rule -> true));
            System.out.printf(Locale.ROOT, "%-14s %,d events in %.2f s = %.1f µs/event%n", name, input.values().size(),
                    elapsed / 1e9, run.nsPerEvent / 1000);
            return run;
        }
    }

    private static double median(List<Run> runs) {
        double[] ns = runs.stream().mapToDouble(Run::nsPerEvent).sorted().toArray();
        return ns.length % 2 == 1 ? ns[ns.length / 2] : (ns[ns.length / 2 - 1] + ns[ns.length / 2]) / 2;
    }
}
