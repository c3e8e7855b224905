package dev.vigil.core.config;

import dev.vigil.serde.SchemaRegistries;
import dev.vigil.serde.SerdeFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Keys every Vigil app shares: where Kafka and the schema registry are, the serde, the ops port and the topics.
 * Kafka client settings beyond these pass through under the prefix {@code kafka.} (for example
 * {@code kafka.security.protocol=SASL_SSL}); values there are treated as secrets when logged.
 */
public final class CommonConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistries.URL_CONFIG;
    public static final String SERDE_CLASS = SerdeFactory.SERDE_CLASS_CONFIG;
    public static final String OPS_PORT = "vigil.ops.port";
    public static final String KAFKA_PREFIX = "kafka.";

    private CommonConfig() {
    }

    /** Adds the shared keys and the topic names to {@code def}. */
    public static ConfigDef define(ConfigDef def, int defaultOpsPort) {
        def.define(BOOTSTRAP_SERVERS, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, CommonConfig::validateHostPorts, ConfigDef.Importance.HIGH, "Kafka bootstrap servers, host:port[,host:port…].")
            .define(SCHEMA_REGISTRY_URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "Schema registry base URL (Confluent REST API), or mem://NAME for an in-process registry.")
            .define(SERDE_CLASS, ConfigDef.Type.STRING, SerdeFactory.DEFAULT_SERDE_CLASS, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.LOW, "Value serde class; Confluent's io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde also works.")
            .define(OPS_PORT, ConfigDef.Type.INT, defaultOpsPort, ConfigDef.Range.between(0, 65535),
                    ConfigDef.Importance.MEDIUM, "Port of the /health and /metrics endpoint; 0 takes a free port.");
        return Topics.define(def);
    }

    /** Every entry must be {@code host:port}: a typo here would otherwise surface later as a client stack trace. */
    static void validateHostPorts(String name, Object value) {
        java.util.List<?> entries = (java.util.List<?>) value;
        if (entries == null || entries.isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(name, value, "at least one host:port is required");
        }
        for (Object entry : entries) {
            String text = String.valueOf(entry).trim();
            int colon = text.lastIndexOf(':');
            boolean valid = colon > 0 && colon < text.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(text.substring(colon + 1));
                    valid = port > 0 && port <= 65535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, "'" + text + "' is not host:port");
            }
        }
    }

    /** Kafka client properties from the config: bootstrap servers plus everything under {@code kafka.}. */
    public static Map<String, Object> kafkaProperties(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>(config.originalsWithPrefix(KAFKA_PREFIX));
        props.put(BOOTSTRAP_SERVERS, String.join(",", config.getList(BOOTSTRAP_SERVERS)));
        return props;
    }

    /** The serde factory the config describes. */
    public static SerdeFactory serdes(AbstractConfig config) {
        Map<String, Object> serdeConfigs = new HashMap<>(config.originalsWithPrefix(KAFKA_PREFIX));
        serdeConfigs.put(SCHEMA_REGISTRY_URL, config.getString(SCHEMA_REGISTRY_URL));
        serdeConfigs.put("specific.avro.reader", "true");
        return new SerdeFactory(config.getString(SERDE_CLASS), serdeConfigs);
    }
}
