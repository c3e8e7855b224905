package dev.vigil.topology.ingest;

import dev.vigil.serde.SchemaRegistryUnavailableException;

import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns raw bytes into a valid value or a {@link DecodeFailure}: the sources of the topology read bytes, so a
 * poison pill cannot stop the app, and this is the one place that decides what is readable. The one exception
 * it lets through is {@link SchemaRegistryUnavailableException}: then nothing is known to be wrong with the record,
 * so it must not go to the DLQ; the stream thread fails, is replaced, and reads the record again from its last
 * commit once the registry answers.
 *
 * @param <V> the decoded type
 */
public final class RecordDecoder<V> {

    private final String typeName;
    private final Deserializer<V> deserializer;
    private final Consumer<V> validator;

    /**
     * @param typeName     the value's name in failure sentences, e.g. {@code AgentEvent}
     * @param deserializer a configured deserializer of the value
     * @param validator    throws {@link InvalidRecordException} when a deserialized value breaks the contract
     */
    public RecordDecoder(String typeName, Deserializer<V> deserializer, Consumer<V> validator) {
        this.typeName = typeName;
        this.deserializer = deserializer;
        this.validator = validator;
    }

    public Decoded<V> decode(String topic, byte[] key, byte[] value) {
        if (value == null) {
            return Decoded.failed(key, null, new DecodeFailure(DecodeFailure.TOMBSTONE,
                    "The record has no value (a tombstone), so it carries no " + typeName + ".",
                    NullPointerException.class.getName()));
        }
        V decoded;
        try {
            decoded = deserializer.deserialize(topic, value);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return Decoded.failed(key, value, new DecodeFailure(DecodeFailure.UNDECODABLE,
                    "Cannot read the value as " + typeName + ": " + e.getMessage(), e.getClass().getName()));
        }
        try {
            validator.accept(decoded);
        } catch (InvalidRecordException e) {
            return Decoded.failed(key, value, new DecodeFailure(DecodeFailure.INVALID,
                    "Invalid " + typeName + ": " + e.getMessage(), e.getClass().getName()));
        }
        return Decoded.ok(key, value, decoded);
    }
}
