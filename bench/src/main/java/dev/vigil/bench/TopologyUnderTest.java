package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import org.apache.kafka.streams.Topology;

/** The topology a benchmark run times; the harness owns Kafka, input, Streams settings and the clock. */
interface TopologyUnderTest {

    /** Short name printed with the result, so a number is never read as another topology's. */
    String name();

    Topology build(Topics topics, String registryUrl);
}
