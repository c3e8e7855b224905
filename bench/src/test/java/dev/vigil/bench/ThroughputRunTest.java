package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.KafkaClusterExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The harness end to end on a small input; it checks that the harness works, never how fast. */
class ThroughputRunTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @ParameterizedTest
    @ValueSource(strings = {"vigil", "baseline"})
    void timesTheTopologyUntilEveryEventIsCommitted(String topology) throws Exception {
        BenchOptions options = new BenchOptions(2_000, 50, 2, 1, 3, topology);

        ThroughputResult result = new ThroughputRun(KAFKA.bootstrapServers(), options, Duration.ofMinutes(2))
                .run(KAFKA.uniqueTopics());

        assertThat(result.events()).isEqualTo(2_000);
        assertThat(result.deadLettered()).as("synthetic events the topology rejected").isZero();
        assertThat(result.summary()).matches(
                "topology throughput: 2000 events in [0-9.]+ s = [0-9]+ events/s \\(EOS v2, 1 broker, 2 partitions,"
                        + " 1 stream thread, " + topology + " topology\\)");
        assertThat(result.reproduce()).contains("-Dbench.args=\"--events 2000 --agents 50 --partitions 2 --threads 1"
                + " --seed 3 --topology " + topology + "\"");
    }

    @Test
    void publishesTheCustomRulesBeforeTheTopologyStarts() throws Exception {
        BenchOptions options = new BenchOptions(2_000, 50, 2, 1, 3, "vigil", 1, "agent", 10, "global");

        ThroughputResult result = new ThroughputRun(KAFKA.bootstrapServers(), options, Duration.ofMinutes(2))
                .run(KAFKA.uniqueTopics());

        assertThat(result.alerts()).as("alerts, among them the alerting rule's").isPositive();
        assertThat(result.summary()).endsWith("vigil topology, 10 global custom rules)");
        assertThat(result.reproduce()).contains("--rules 10\"");
    }
}
