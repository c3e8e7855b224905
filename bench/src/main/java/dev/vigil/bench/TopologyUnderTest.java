package dev.vigil.bench;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/** The topology a benchmark run times; the harness owns the broker, the input and the clock. */
interface TopologyUnderTest {

    /** The names {@link #named} knows, the default first. */
    List<String> NAMES = List.of("vigil", "baseline");

    /** {@code vigil}: the detection app; {@code baseline}: plain Kafka Streams doing the least a topology does. */
    static TopologyUnderTest named(String name) {
        return switch (name) {
            case "vigil" -> new VigilTopologyUnderTest();
            case "baseline" -> new BaselineTopology();
            default -> throw new IllegalArgumentException("--topology must be one of " + NAMES + ", not '" + name + "'");
        };
    }

    /** Short name printed with the result, so a number is never read as another topology's. */
    String name();

    /** Starts the topology with exactly-once v2 and returns at once; closing the handle stops it. */
    Running start(RunSetup setup);

    /** A started topology. */
    interface Running extends AutoCloseable {

        /** Kafka Streams' state; ERROR or NOT_RUNNING make the harness give up. */
        KafkaStreams.State state();

        /** The Kafka Streams instance, for read-only diagnostics of a stalled run; null if there is none yet. */
        KafkaStreams streams();

        @Override
        void close();
    }
}
