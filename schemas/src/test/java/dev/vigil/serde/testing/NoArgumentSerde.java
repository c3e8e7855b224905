package dev.vigil.serde.testing;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serde with only a no-argument constructor, the shape of Confluent's {@code SpecificAvroSerde}. */
public class NoArgumentSerde<T> implements Serde<T> {

    private Map<String, ?> configs;

    public Map<String, ?> configs() {
        return configs;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.configs = configs;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> new byte[0];
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> null;
    }

    /** A serde whose constructor fails, as one missing its dependencies would. */
    public static class Failing<T> extends NoArgumentSerde<T> {
        public Failing() {
            throw new IllegalStateException("license server unreachable");
        }
    }

    /** A serde without a usable public constructor. */
    public static class Hidden<T> extends NoArgumentSerde<T> {
        Hidden(String unused) {
        }
    }
}
