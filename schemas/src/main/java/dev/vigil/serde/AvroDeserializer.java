package dev.vigil.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a generated Avro class, resolving the writer's schema
 * (fetched by id from the registry) against the reader's, so older and newer writers both read.
 * Every failure is a {@link SerializationException} that says which of the three things went wrong:
 * the magic byte, the schema id, or the payload.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;

    public AvroDeserializer(Class<T> type) {
        this(type, null);
    }

    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            Object url = configs.get(SchemaRegistries.URL_CONFIG);
            registry = SchemaRegistries.forUrl(url == null ? null : url.toString());
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("AvroDeserializer used before configure(): no schema registry");
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new SerializationException("Truncated record on " + topic + ": " + data.length
                    + " bytes, shorter than the 5-byte wire-format header");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x on %s: not the schema-registry wire format (expected 0x00)", data[0], topic));
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new SerializationException("Truncated or corrupt Avro payload on " + topic + " (schema id " + id
                    + ", " + (data.length - WireFormat.HEADER_LENGTH) + " payload bytes): " + e, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int writerId) {
        Schema writer;
        try {
            writer = registry.schemaById(writerId);
        } catch (SerializationException e) {
            throw new SerializationException("Unknown schema id " + writerId + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writer, readerSchema);
    }
}
