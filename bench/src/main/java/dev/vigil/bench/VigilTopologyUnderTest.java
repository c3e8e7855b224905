package dev.vigil.bench;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The detection app exactly as it runs in production ({@link TopologyApp}: its topology, Streams settings,
 * topic check and ops endpoint), configured only where a benchmark must be: where the broker is, a fresh
 * application id and state directory, exactly-once v2, the thread count.
 */
final class VigilTopologyUnderTest implements TopologyUnderTest {

    @Override
    public String name() {
        return "vigil";
    }

    @Override
    public Running start(RunSetup setup) {
        TopologyApp app = new TopologyApp(new TopologyConfig(config(setup)));
        app.start();
        return new Running() {
            @Override
            public KafkaStreams.State state() {
                return app.state();
            }

            @Override
            public KafkaStreams streams() {
                return app.kafkaStreams();
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }

    static Map<String, Object> config(RunSetup setup) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonConfig.BOOTSTRAP_SERVERS, setup.bootstrapServers());
        config.put(CommonConfig.SCHEMA_REGISTRY_URL, setup.registryUrl());
        config.put(CommonConfig.OPS_PORT, 0);
        config.put(TopologyConfig.APPLICATION_ID, setup.applicationId());
        config.put(TopologyConfig.STATE_DIR, setup.stateDir().toString());
        config.put(TopologyConfig.NUM_STREAM_THREADS, setup.threads());
        config.put(TopologyConfig.PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(TopologyConfig.REPLICATION_FACTOR, 1);
        config.put(TopologyConfig.PARTITIONS, setup.partitions());
        config.putAll(setup.topics().asConfig());
        return config;
    }
}
