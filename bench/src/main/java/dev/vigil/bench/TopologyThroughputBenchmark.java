package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import dev.vigil.testkit.InJvmKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How many events per second the topology processes end to end with exactly-once v2 on one in-JVM broker. A
 * program, not a test: timings depend on the machine, so they are printed for a human, never asserted.
 *
 * <p>The input is written before the clock starts; the clock runs from {@code KafkaStreams.start()} (so it
 * includes start-up and the first rebalance) until the committed offsets equal the end offsets. The process
 * exits explicitly at the end so that no lingering client thread keeps it alive.
 */
public final class TopologyThroughputBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private TopologyThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.repeat() > 1) {
            int failed;
            try (InJvmKafkaCluster cluster = InJvmKafkaCluster.start()) {
                failed = repeat(cluster.bootstrapServers(), options);
            }
            System.exit(failed == 0 ? 0 : 1);
            return;
        }
        ThroughputResult result;
        try (InJvmKafkaCluster cluster = InJvmKafkaCluster.start()) {
            result = new ThroughputRun(cluster.bootstrapServers(), options, TIMEOUT).run(Topics.defaults());
        }
        System.out.println(result.summary());
        System.out.println(result.outputs());
        System.out.println(result.reproduce());
        System.exit(0);
    }

    /**
     * {@code --repeat N}: N runs on one broker, each on its own topics (deleted after it), then one line per run
     * and a tally. A run that gives up is counted and the next one starts; returns the number that gave up.
     */
    private static int repeat(String bootstrapServers, BenchOptions options) {
        List<String> lines = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        int stalledButFinished = 0;
        int failed = 0;
        for (int i = 1; i <= options.repeat(); i++) {
            ThroughputRun run = new ThroughputRun(bootstrapServers, options, TIMEOUT, true);
            String line;
            try {
                ThroughputResult result = run.run(topicsOfRun(i));
                rates.add(result.eventsPerSecond());
                line = result.summary() + (run.stallReported() ? " [STALLED, then finished]" : "");
                if (run.stallReported()) {
                    stalledButFinished++;
                }
            } catch (Exception e) {
                failed++;
                line = "FAILED: " + e.getMessage();
            }
            line = "run " + i + "/" + options.repeat() + ": " + line;
            lines.add(line);
            System.out.println(line);
            System.out.flush();
        }
        Collections.sort(rates);
        System.out.println("repeat summary (" + options.asArguments() + "):");
        lines.forEach(System.out::println);
        System.out.println(String.format(Locale.ROOT,
                "%d runs: %d finished without stall, %d stalled then finished, %d gave up; events/s min %.0f median %.0f max %.0f",
                options.repeat(), options.repeat() - failed - stalledButFinished, stalledButFinished, failed,
                rates.isEmpty() ? 0.0 : rates.get(0), rates.isEmpty() ? 0.0 : rates.get(rates.size() / 2),
                rates.isEmpty() ? 0.0 : rates.get(rates.size() - 1)));
        return failed;
    }

    /** Fresh topic names per run, so no run reads another's records. */
    private static Topics topicsOfRun(int run) {
        String suffix = "-run" + run;
        Topics d = Topics.defaults();
        return new Topics(d.events() + suffix, d.agents() + suffix, d.rules() + suffix, d.alerts() + suffix,
                d.alertEvents() + suffix, d.agentStatus() + suffix, d.channels() + suffix, d.notifications() + suffix,
                d.siem() + suffix, d.eventsDlq() + suffix, d.silences() + suffix);
    }
}
