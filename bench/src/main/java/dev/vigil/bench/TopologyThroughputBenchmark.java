package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import dev.vigil.testkit.InJvmKafkaCluster;
import java.time.Duration;
import java.util.List;

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
        ThroughputResult result;
        try (InJvmKafkaCluster cluster = InJvmKafkaCluster.start()) {
            result = new ThroughputRun(cluster.bootstrapServers(), options, TIMEOUT).run(Topics.defaults());
        }
        System.out.println(result.summary());
        System.out.println(result.outputs());
        System.out.println(result.reproduce());
        System.exit(0);
    }
}
