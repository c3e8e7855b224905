package dev.vigil.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
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
 * Every failure is a {@link SerializationException} that says which thing went wrong: the magic byte,
 * a truncated header, the schema id (unknown, unreachable registry, or a schema this class cannot read),
 * or the payload (truncated, corrupt, or with bytes left over).
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
        if (data.length > 0 && data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x on %s: not the schema-registry wire format (expected 0x00)", data[0], topic));
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new SerializationException("Truncated header on " + topic + ": " + data.length
                    + " bytes, shorter than the 5-byte wire-format header");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        if (data.length == WireFormat.HEADER_LENGTH) {
            throw new SerializationException("Truncated payload on " + topic + ": the header (schema id " + id
                    + ") has no Avro payload after it");
        }
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, writerId -> readerFor(writerId, topic));
        return read(reader, topic, id, data);
    }

    private T read(SpecificDatumReader<T> reader, String topic, int id, byte[] data) {
        int payloadLength = data.length - WireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, payloadLength, null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationException("Truncated payload on " + topic + ": " + payloadLength
                    + " bytes end before the " + readerSchema.getName() + " written with schema id " + id + " is complete", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Corrupt payload on " + topic + ": " + payloadLength + " bytes are not a "
                    + readerSchema.getName() + " written with schema id " + id + ": " + e, e);
        }
        if (!isFullyRead(decoder)) {
            throw new SerializationException("Corrupt payload on " + topic + ": bytes left over after the "
                    + readerSchema.getName() + " written with schema id " + id + " (" + payloadLength + " payload bytes)");
        }
        return record;
    }

    private static boolean isFullyRead(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }

    private SpecificDatumReader<T> readerFor(int writerId, String topic) {
        Schema writer;
        try {
            writer = registry.schemaById(writerId);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (SerializationException e) {
            throw new SerializationException("Cannot resolve the writer schema of a record on " + topic + ": " + e.getMessage(), e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Schema id " + writerId + " (" + writer.getFullName() + ") of a record on " + topic
                    + " cannot be read as " + readerSchema.getFullName() + ": " + describe(compatibility));
        }
        return new SpecificDatumReader<>(writer, readerSchema);
    }

    private static String describe(SchemaCompatibility.SchemaPairCompatibility compatibility) {
        return compatibility.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .collect(Collectors.joining("; "));
    }
}
