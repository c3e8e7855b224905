package dev.vigil.bench;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.rules.EventView;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSet;
import dev.vigil.topology.rules.RuleSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * Does an event cost in proportion to the custom rules that apply to it, or to all the rules in force? Runs the real
 * detection topology in a {@code TopologyTestDriver} ({@link DrivenTopology}: no broker, decode included) over one
 * synthetic fleet, with 0 custom rules and with each count of {@code --rules} (default 0, 10 and 100) in the two
 * shapes of {@link SyntheticRules}: <b>global</b>, where every event looks at every rule, and <b>scoped</b>, where
 * every event looks at exactly one. All configurations run in one process on the same serialized input, so their
 * ratios compare: if the rule index works, the scoped cost stays flat while the global cost grows with N.
 *
 * <p>The rules are published on the rules topic before the events, as the API publishes them. Each configuration
 * gets an untimed warm-up on the first {@value #WARM_UP_EVENTS} events, then {@code --repeat} timed runs over all
 * events, the configurations taking turns (each round starting one further, so none always runs first). It prints
 * the median µs per event, its ratio to 0 rules, the rules an event looks at and matches (counted outside the
 * clock on the first {@value #SAMPLE} events), the alerts the custom rules raised, and the mean state per agent,
 * where the rules' windows live.
 *
 * <pre>
 * mvn -q -pl bench -am install -DskipTests
 * mvn -q -pl bench exec:exec -Dbench.main=dev.vigil.bench.CustomRuleCostBenchmark -Dbench.args="--events 100000 --repeat 3"
 * </pre>
 */
public final class CustomRuleCostBenchmark {

    private static final String REGISTRY = "mem://custom-rule-cost-" + UUID.randomUUID();
    private static final int WARM_UP_EVENTS = 20_000;
    private static final int SAMPLE = 10_000;
    private static final String NONE = "none";

    private CustomRuleCostBenchmark() {
    }

    /** One configuration: a shape ({@code none} for 0 rules) and its rules. */
    private record Config(String shape, List<RuleSpec> rules) {
        String name() {
            return shape + " " + rules.size();
        }

        List<RuleDefinition> records() {
            return rules.stream().map(RuleJson::toRecord).toList();
        }
    }

    /** One timed run of a configuration. */
    private record Run(double nsPerEvent, long customAlerts, long otherAlerts, long meanStateBytes) {
    }

    public static void main(String[] args) {
        Map<String, String> options = ProgramArgs.parse(args, Set.of("--events", "--agents", "--repeat", "--rules",
                "--seed"));
        int events = Integer.parseInt(options.getOrDefault("--events", "100000"));
        int agents = Integer.parseInt(options.getOrDefault("--agents", "1000"));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "3"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "42"));
        TreeSet<Integer> counts = ruleCounts(options.getOrDefault("--rules", "0,10,100"));
        QuietLogs.ruleUpdates();
        QuietLogs.temporaryStateDir();

        SyntheticFleet fleet = new SyntheticFleet(agents, seed);
        List<AgentProfile> profiles = fleet.profiles();
        System.out.printf(Locale.ROOT, "generating %,d events of %,d agents (receipts signed) ...%n", events, agents);
        List<AgentEvent> input = LongStream.range(0, events).parallel().mapToObj(n -> fleet.event(n, events)).toList();
        List<byte[]> keys = DrivenTopology.keys(input);
        List<byte[]> values = DrivenTopology.serialize(REGISTRY, input);
        List<Config> configs = configs(counts, agents);

        int warmUp = Math.min(events, WARM_UP_EVENTS);
        for (Config config : configs) {
            run(config, keys.subList(0, warmUp), values.subList(0, warmUp), profiles);
        }
        List<List<Run>> runs = new ArrayList<>();
        configs.forEach(c -> runs.add(new ArrayList<>()));
        for (int r = 1; r <= repeat; r++) {
            for (int k = 0; k < configs.size(); k++) {
                int c = (k + r - 1) % configs.size();
                Run run = run(configs.get(c), keys, values, profiles);
                runs.get(c).add(run);
                System.out.printf(Locale.ROOT, "%-11s #%d  %,d events, %.1f µs/event%n", configs.get(c).name(), r, events,
                        run.nsPerEvent / 1000);
            }
        }
        report(configs, runs, input.subList(0, Math.min(events, SAMPLE)), events, agents, repeat);
        System.out.printf(Locale.ROOT, "reproduce: mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:exec"
                        + " -Dbench.main=%s -Dbench.args=\"--events %d --agents %d --repeat %d --rules %s --seed %d\"%n",
                CustomRuleCostBenchmark.class.getName(), events, agents, repeat,
                String.join(",", counts.stream().map(String::valueOf).toList()), seed);
    }

    /** The counts of {@code --rules}; 0 is always run, as the reference of the ratios. */
    private static TreeSet<Integer> ruleCounts(String list) {
        TreeSet<Integer> counts = new TreeSet<>();
        counts.add(0);
        for (String n : list.split(",")) {
            int count = Integer.parseInt(n.trim());
            if (count < 0) {
                throw new IllegalArgumentException("--rules takes counts of rules, not " + count);
            }
            counts.add(count);
        }
        return counts;
    }

    /** 0 rules once, then each count in each shape. */
    private static List<Config> configs(TreeSet<Integer> counts, int agents) {
        List<Config> configs = new ArrayList<>();
        for (int count : counts) {
            if (count == 0) {
                configs.add(new Config(NONE, List.of()));
                continue;
            }
            for (String shape : SyntheticRules.SHAPES) {
                configs.add(new Config(shape, SyntheticRules.of(shape, count, agents)));
            }
        }
        return configs;
    }

    private static Run run(Config config, List<byte[]> keys, List<byte[]> values, List<AgentProfile> profiles) {
        try (DrivenTopology topology = new DrivenTopology(REGISTRY, "vigil-custom-rule-cost", profiles)) {
            topology.publishRules(config.records());
            long elapsed = topology.pipe(keys, values);
            return new Run((double) elapsed / values.size(), topology.alerts(SyntheticRules::isBenchRule),
                    topology.alerts(rule -> !SyntheticRules.isBenchRule(rule)), topology.stateBytes().mean());
        }
    }

    private static void report(List<Config> configs, List<List<Run>> runs, List<AgentEvent> sample, int events,
                               int agents, int repeat) {
        double reference = median(runs.get(0));
        System.out.printf(Locale.ROOT, "%ncustom-rule cost, median of %d run%s: %,d events of %,d agents (all four kinds)%n",
                repeat, repeat == 1 ? "" : "s", events, agents);
        System.out.printf(Locale.ROOT, "%-7s %5s %9s %8s %9s %10s %10s %13s %13s%n", "shape", "rules", "looked at",
                "matched", "µs/event", "vs 0 rules", "µs/looked", "custom alerts", "state B/agent");
        for (int c = 0; c < configs.size(); c++) {
            Config config = configs.get(c);
            double[] perEvent = perEvent(config.rules(), sample);
            Run last = runs.get(c).get(runs.get(c).size() - 1);
            double ns = median(runs.get(c));
            String perLooked = perEvent[0] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (ns - reference) / perEvent[0] / 1000);
            System.out.printf(Locale.ROOT, "%-7s %5d %9.2f %8.2f %9.1f %10.2f %10s %13d %13d%n", config.shape(),
                    config.rules().size(), perEvent[0], perEvent[1], ns / 1000, ns / reference, perLooked,
                    last.customAlerts, last.meanStateBytes);
        }
        System.out.printf(Locale.ROOT, "looked at, matched: custom rules per event that the rule index hands the event, and"
                + " of those whose filters and where hold (first %,d events); µs/looked: µs above 0 rules per rule looked"
                + " at; built-in rules raised %d alerts%n", sample.size(), runs.get(0).get(0).otherAlerts);
    }

    /** Mean rules per event that the rule set hands it, and that match it (before aggregation). */
    private static double[] perEvent(List<RuleSpec> rules, List<AgentEvent> sample) {
        RuleSet set = RuleSet.of(rules);
        long[] lookedAtAndMatched = new long[2];
        for (AgentEvent event : sample) {
            set.forEachCandidate(new EventView(event), rule -> {
                lookedAtAndMatched[0]++;
                if (rule.spec().matches(event)) {
                    lookedAtAndMatched[1]++;
                }
            });
        }
        return Arrays.stream(lookedAtAndMatched).mapToDouble(n -> (double) n / sample.size()).toArray();
    }

    private static double median(List<Run> runs) {
        double[] ns = runs.stream().mapToDouble(Run::nsPerEvent).sorted().toArray();
        return ns.length % 2 == 1 ? ns[ns.length / 2] : (ns[ns.length / 2 - 1] + ns[ns.length / 2]) / 2;
    }
}
