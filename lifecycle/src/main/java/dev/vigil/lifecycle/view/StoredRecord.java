package dev.vigil.lifecycle.view;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the global store of a compacted topic's view keeps per key: the offset of the record the view applied last,
 * and that record, already validated; null after a tombstone. The offset lets the API tell whether the view has
 * caught up with one of its own writes. {@link StoredRule} is the same for rules.
 */
record StoredRecord<V extends SpecificRecord>(long offset, V value) {

    /**
     * The store's value serde: the offset (8 bytes), then the record in Avro's single-object encoding (self-describing,
     * no registry), nothing for a deletion. The store is in memory and rebuilt from the topic at every start, so this
     * format is never read by another version of the code.
     */
    static final class StoreSerde<V extends SpecificRecord> implements Serde<StoredRecord<V>> {

        private final BinaryMessageEncoder<V> encoder;
        private final BinaryMessageDecoder<V> decoder;

        /** E.g. {@code new StoreSerde<>(ChannelConfig.getEncoder(), ChannelConfig.getDecoder())}. */
        StoreSerde(BinaryMessageEncoder<V> encoder, BinaryMessageDecoder<V> decoder) {
            this.encoder = encoder;
            this.decoder = decoder;
        }

        @Override
        public Serializer<StoredRecord<V>> serializer() {
            return (topic, stored) -> stored == null ? null : bytes(stored);
        }

        @Override
        public Deserializer<StoredRecord<V>> deserializer() {
            return (topic, bytes) -> bytes == null ? null : stored(bytes);
        }

        private byte[] bytes(StoredRecord<V> stored) {
            try {
                ByteBuffer value = stored.value() == null ? ByteBuffer.allocate(0) : encoder.encode(stored.value());
                return ByteBuffer.allocate(Long.BYTES + value.remaining()).putLong(stored.offset()).put(value).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private StoredRecord<V> stored(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long offset = buffer.getLong();
            try {
                return new StoredRecord<>(offset, buffer.hasRemaining() ? decoder.decode(buffer) : null);
            } catch (IOException e) {
                throw new SerializationException("Cannot read a stored record: " + e.getMessage(), e);
            }
        }
    }
}
