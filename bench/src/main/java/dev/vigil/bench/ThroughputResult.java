package dev.vigil.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One timed run.
 *
 * @param events   events processed
 * @param elapsed  from {@code KafkaStreams.start()} until every committed offset reached the end
 * @param options      how the run was set up, including which topology ran
 * @param alerts       records the topology wrote to the alerts topic
 * @param deadLettered records it wrote to the events dead-letter topic
 */
record ThroughputResult(long events, Duration elapsed, BenchOptions options, long alerts, long deadLettered) {

    double eventsPerSecond() {
        return events / (elapsed.toNanos() / 1e9);
    }

    /** The one line a reader compares between runs. */
    String summary() {
        return String.format(Locale.ROOT,
                "topology throughput: %d events in %.1f s = %.0f events/s (EOS v2, 1 broker, %d partitions, %d stream thread%s, %s topology%s%s)",
                events, elapsed.toMillis() / 1000.0, eventsPerSecond(), options.partitions(), options.threads(),
                options.threads() == 1 ? "" : "s", options.topology(),
                options.rules() == 0 ? "" : ", " + options.rules() + " " + options.ruleShape() + " custom rule"
                        + (options.rules() == 1 ? "" : "s"),
                options.keys().equals("none") ? ", events without key: all re-keyed" : "");
    }

    /** What came out, with a warning when events were dead-lettered rather than run through detection. */
    String outputs() {
        String line = "outputs: " + alerts + " alerts, " + deadLettered + " dead-lettered events";
        return deadLettered == 0 ? line
                : line + " (WARNING: dead-lettered events skip detection, so the figure above overstates it)";
    }

    /** The commands that repeat this run from a fresh checkout. */
    String reproduce() {
        return "reproduce: mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:exec -Dbench.args=\""
                + options.asArguments() + "\"";
    }
}
