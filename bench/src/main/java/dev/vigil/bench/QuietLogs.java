package dev.vigil.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.vigil.topology.rules.RulesProcessor;
import org.apache.kafka.streams.processor.internals.StateDirectory;
import org.slf4j.LoggerFactory;

/** Log lines every benchmark run would repeat, silenced so the figures stay readable (Logback only). */
final class QuietLogs {

    private QuietLogs() {
    }

    /** The rules processor's INFO line per rule applied: a hundred per run with {@code --rules 100}. */
    static void ruleUpdates() {
        level(RulesProcessor.class, Level.WARN);
    }

    /** Kafka Streams' warning that the state directory is a temporary one: it is, on purpose, one per run. */
    static void temporaryStateDir() {
        level(StateDirectory.class, Level.ERROR);
    }

    private static void level(Class<?> source, Level level) {
        if (LoggerFactory.getLogger(source) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
