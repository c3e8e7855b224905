package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThroughputResultTest {

    @Test
    void summarisesEventsTimeRateAndSetupOnOneLine() {
        ThroughputResult result = new ThroughputResult(200_000, Duration.ofMillis(41_200),
                new BenchOptions(200_000, 1000, 4, 1, 42, "vigil"), 12, 0);

        assertThat(result.summary()).isEqualTo("topology throughput: 200000 events in 41.2 s = 4854 events/s"
                + " (EOS v2, 1 broker, 4 partitions, 1 stream thread, vigil topology)");
    }

    @Test
    void saysThreadsInThePluralWhenThereAreSeveral() {
        ThroughputResult result = new ThroughputResult(10, Duration.ofSeconds(1), new BenchOptions(10, 1, 1, 3, 1, "baseline"), 0, 0);

        assertThat(result.summary()).contains("3 stream threads");
    }

    @Test
    void warnsWhenEventsWereDeadLetteredInsteadOfDetected() {
        ThroughputResult clean = new ThroughputResult(10, Duration.ofSeconds(1), BenchOptions.defaults(), 3, 0);
        ThroughputResult dirty = new ThroughputResult(10, Duration.ofSeconds(1), BenchOptions.defaults(), 3, 4);

        assertThat(clean.outputs()).isEqualTo("outputs: 3 alerts, 0 dead-lettered events");
        assertThat(dirty.outputs()).startsWith("outputs: 3 alerts, 4 dead-lettered events").contains("WARNING");
    }

    @Test
    void saysWhenEveryEventWasReKeyed() {
        ThroughputResult result = new ThroughputResult(10, Duration.ofSeconds(1),
                new BenchOptions(10, 1, 1, 1, 1, "vigil", 1, "none"), 0, 0);

        assertThat(result.summary()).endsWith("vigil topology, events without key: all re-keyed)");
    }

    @Test
    void saysHowManyCustomRulesOfWhichShapeRan() {
        ThroughputResult result = new ThroughputResult(10, Duration.ofSeconds(1),
                new BenchOptions(10, 1, 1, 1, 1, "vigil", 1, "agent", 100, "scoped"), 0, 0);

        assertThat(result.summary()).endsWith("vigil topology, 100 scoped custom rules)");
    }
}
