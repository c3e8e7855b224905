package dev.vigil.topology;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings of a {@link TopologyApp} under test on the testkit's broker: its own topics, id and state. */
final class RealBrokerConfig {

    private RealBrokerConfig() {
    }

    static Map<String, Object> of(KafkaClusterExtension kafka, Topics topics, String registryUrl, Path stateDir, String idPrefix) {
        Map<String, Object> raw = new HashMap<>(topics.asConfig());
        raw.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        raw.put(CommonConfig.SCHEMA_REGISTRY_URL, registryUrl);
        raw.put(CommonConfig.OPS_PORT, "0");
        raw.put(TopologyConfig.APPLICATION_ID, kafka.uniqueName(idPrefix));
        raw.put(TopologyConfig.STATE_DIR, stateDir.toString());
        raw.put(TopologyConfig.REPLICATION_FACTOR, "1");
        raw.put("kafka.commit.interval.ms", "100");
        return raw;
    }
}
