package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.Topics;
import dev.vigil.topology.TopologyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VigilTopologyUnderTestTest {

    @Test
    void configuresTheAppForExactlyOnceOnTheRunsBrokerTopicsAndThreads() {
        Topics topics = new Topics("e", "a", "r", "al", "ae", "as", "c", "n", "s", "d", "si");
        RunSetup setup = new RunSetup("localhost:1234", topics, "mem://bench-x", "vigil-bench-1", Path.of("/tmp/s"), 4, 2);

        TopologyConfig config = new TopologyConfig(VigilTopologyUnderTest.config(setup));

        assertThat(config.topics()).isEqualTo(topics);
        assertThat(config.getString(TopologyConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.getString(TopologyConfig.APPLICATION_ID)).isEqualTo("vigil-bench-1");
        assertThat(config.getInt(TopologyConfig.NUM_STREAM_THREADS)).isEqualTo(2);
        assertThat(config.getInt(TopologyConfig.PARTITIONS)).isEqualTo(4);
        assertThat(config.getList("bootstrap.servers")).containsExactly("localhost:1234");
    }
}
