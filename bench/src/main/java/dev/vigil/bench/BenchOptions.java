package dev.vigil.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's knobs, from {@code --name value} (or {@code --name=value}) arguments.
 *
 * @param events     events pre-produced to the events topic and timed through the topology
 * @param agents     agents in the synthetic fleet (each with a profile on the agents topic)
 * @param partitions partitions of the co-partitioned topics, i.e. the topology's parallelism
 * @param threads    Kafka Streams stream threads
 * @param seed       seed of the synthetic traffic, so runs are comparable
 * @param topology   which topology to time: {@code vigil} or {@code baseline}
 * @param repeat     timed runs on one broker, each on fresh topics (a stall hunt without a broker start per run)
 * @param keys       {@code agent}: events keyed by agentId, as producers should; {@code none}: no key, so the
 *                   Vigil topology re-keys every event through its repartition topic
 * @param rules      custom rules published on the rules topic before the topology starts ({@link SyntheticRules})
 * @param ruleShape  {@code global} (every event looks at every rule) or {@code scoped} (at exactly one)
 */
public record BenchOptions(int events, int agents, int partitions, int threads, long seed, String topology, int repeat,
                           String keys, int rules, String ruleShape) {

    static final List<String> KEYS = List.of("agent", "none");

    static final String USAGE = """
            usage: TopologyThroughputBenchmark [--events N] [--agents N] [--partitions N] [--threads N] [--seed N]
                                               [--topology vigil|baseline] [--repeat N] [--keys agent|none]
                                               [--rules N] [--rule-shape global|scoped]
              --events      events to pre-produce and process (default 200000)
              --agents      agents in the fleet, each with a profile (default 1000)
              --partitions  partitions of vigil.events.v1 and its co-partitioned topics (default 4)
              --threads     Kafka Streams stream threads (default 1)
              --seed        seed of the synthetic traffic (default 42)
              --topology    vigil (the detection app, default) or baseline (plain Kafka Streams floor)
              --repeat      timed runs on the same broker, each on fresh topics (default 1)
              --keys        agent (events keyed by agentId, default) or none (the topology re-keys them)
              --rules       custom rules published before the topology starts (default 0; vigil only)
              --rule-shape  global (no filter: every event looks at every rule, default) or scoped (each rule
                            names agents, so every event looks at exactly one)""";

    private static final List<String> NAMES = List.of("events", "agents", "partitions", "threads", "seed", "topology",
            "repeat", "keys", "rules", "rule-shape");

    public BenchOptions {
        positive("events", events);
        positive("agents", agents);
        positive("partitions", partitions);
        positive("threads", threads);
        positive("repeat", repeat);
        if (rules < 0) {
            throw new IllegalArgumentException("--rules must be at least 0, not " + rules);
        }
        if (!SyntheticRules.SHAPES.contains(ruleShape)) {
            throw new IllegalArgumentException("--rule-shape must be one of " + SyntheticRules.SHAPES + ", not '"
                    + ruleShape + "'");
        }
        if (rules > 0 && topology.equals("baseline")) {
            throw new IllegalArgumentException("--rules needs --topology vigil: the baseline runs no rules");
        }
        if (!KEYS.contains(keys)) {
            throw new IllegalArgumentException("--keys must be one of " + KEYS + ", not '" + keys + "'");
        }
        if (keys.equals("none") && topology.equals("baseline")) {
            throw new IllegalArgumentException("--keys none needs --topology vigil: the baseline joins and counts by key");
        }
        if (!TopologyUnderTest.NAMES.contains(topology)) {
            throw new IllegalArgumentException("--topology must be one of " + TopologyUnderTest.NAMES + ", not '"
                    + topology + "'");
        }
    }

    /** One run. */
    public BenchOptions(int events, int agents, int partitions, int threads, long seed, String topology) {
        this(events, agents, partitions, threads, seed, topology, 1, KEYS.get(0));
    }

    /** Without custom rules. */
    public BenchOptions(int events, int agents, int partitions, int threads, long seed, String topology, int repeat,
                        String keys) {
        this(events, agents, partitions, threads, seed, topology, repeat, keys, 0, SyntheticRules.SHAPES.get(0));
    }

    public static BenchOptions defaults() {
        return new BenchOptions(200_000, 1000, 4, 1, 42, TopologyUnderTest.NAMES.get(0));
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message naming the bad argument. */
    public static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            values.put(name, value);
        }
        BenchOptions d = defaults();
        return new BenchOptions(
                intValue(values, "events", d.events()),
                intValue(values, "agents", d.agents()),
                intValue(values, "partitions", d.partitions()),
                intValue(values, "threads", d.threads()),
                longValue(values, "seed", d.seed()),
                values.getOrDefault("topology", d.topology()),
                intValue(values, "repeat", d.repeat()),
                values.getOrDefault("keys", d.keys()),
                intValue(values, "rules", d.rules()),
                values.getOrDefault("rule-shape", d.ruleShape()));
    }

    /** The arguments that reproduce this run. */
    public String asArguments() {
        return "--events " + events + " --agents " + agents + " --partitions " + partitions + " --threads " + threads
                + " --seed " + seed + " --topology " + topology + (repeat == 1 ? "" : " --repeat " + repeat)
                + (keys.equals(KEYS.get(0)) ? "" : " --keys " + keys)
                + (rules == 0 ? "" : " --rules " + rules)
                + (ruleShape.equals(SyntheticRules.SHAPES.get(0)) ? "" : " --rule-shape " + ruleShape);
    }

    private static int intValue(Map<String, String> values, String name, int fallback) {
        long value = longValue(values, name, fallback);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("--" + name + " is too large: " + value);
        }
        return (int) value;
    }

    private static long longValue(Map<String, String> values, String name, long fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
        }
    }
}
