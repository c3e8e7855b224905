package dev.vigil.topology;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The detection app's configuration: the shared keys ({@link CommonConfig}: Kafka, registry, serde, ops port,
 * topic names), the Kafka Streams keys the app sets itself, and the detection settings
 * ({@link DetectionSettings#define}). Built from a raw map (see {@code ConfigLoader} for the precedence);
 * an invalid value fails construction with a message that names the key.
 */
public final class TopologyConfig extends AbstractConfig {

    public static final int DEFAULT_OPS_PORT = 9401;

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String NUM_STREAM_THREADS = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String REPLICATION_FACTOR = "vigil.topology.replication.factor";
    public static final String PARTITIONS = "vigil.topology.partitions";

    /** Streams' "use the broker's default.replication.factor". */
    public static final int BROKER_DEFAULT_REPLICATION = -1;

    private final DetectionSettings detectionSettings;

    public TopologyConfig(Map<String, ?> originals) {
        super(definition(), originals, false);
        try {
            this.detectionSettings = DetectionSettings.from(this);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public static ConfigDef definition() {
        ConfigDef def = CommonConfig.define(new ConfigDef(), DEFAULT_OPS_PORT)
                .define(APPLICATION_ID, ConfigDef.Type.STRING, "vigil-topology", new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.HIGH, "Kafka Streams application id: the consumer group and the prefix of the "
                                + "internal topics (changelog, repartition). Changing it starts detection from scratch.")
                .define(STATE_DIR, ConfigDef.Type.STRING, Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString(),
                        new ConfigDef.NonEmptyString(), ConfigDef.Importance.MEDIUM,
                        "Directory of the local state (RocksDB); keep it on a persistent volume to avoid restoring from the changelog.")
                .define(NUM_STREAM_THREADS, ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                        "Stream threads per instance; more than the partitions an instance owns is wasted.")
                .define(PROCESSING_GUARANTEE, ConfigDef.Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                        ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), ConfigDef.Importance.MEDIUM,
                        "exactly_once_v2 (events to alerts exactly once; needs brokers with transactions) or at_least_once.")
                .define(REPLICATION_FACTOR, ConfigDef.Type.INT, BROKER_DEFAULT_REPLICATION, replication(), ConfigDef.Importance.MEDIUM,
                        "Replication factor of the topics created at start and of the internal topics; -1 uses the broker's default.")
                .define(PARTITIONS, ConfigDef.Type.INT, 6, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.MEDIUM,
                        "Partitions of the Vigil topics created at start (existing topics keep theirs; topics keyed by "
                                + "agentId always get as many as the events topic). Partitions bound the parallelism.");
        return DetectionSettings.define(def);
    }

    public Topics topics() {
        return Topics.from(this);
    }

    public DetectionSettings detectionSettings() {
        return detectionSettings;
    }

    private static ConfigDef.Validator replication() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                int factor = (Integer) value;
                if (factor != BROKER_DEFAULT_REPLICATION && factor < 1) {
                    throw new ConfigException(name, value, "must be -1 (the broker's default) or at least 1");
                }
            }

            @Override
            public String toString() {
                return "-1 or at least 1";
            }
        };
    }
}
