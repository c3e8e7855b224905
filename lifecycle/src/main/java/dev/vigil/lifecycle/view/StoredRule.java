package dev.vigil.lifecycle.view;

import dev.vigil.avro.RuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What {@value LifecycleTopology#RULES_STORE} keeps per ruleId: the offset on {@code vigil.rules.v1} of the record
 * the view applied last, and that record's definition, already validated; null after a tombstone. Keeping the
 * offset of a deletion too lets the API tell whether the view has caught up with one of its own writes
 * ({@code RuleCommands}).
 */
record StoredRule(long offset, RuleDefinition definition) {

    /**
     * The store's value serde: the offset (8 bytes), then the definition in Avro's single-object encoding
     * (self-describing, no registry), nothing for a deletion. The store is in memory and rebuilt from the topic at
     * every start, so this format is never read by another version of the code.
     */
    static final class StoreSerde implements Serde<StoredRule> {

        @Override
        public Serializer<StoredRule> serializer() {
            return (topic, stored) -> stored == null ? null : bytes(stored);
        }

        @Override
        public Deserializer<StoredRule> deserializer() {
            return (topic, bytes) -> bytes == null ? null : stored(bytes);
        }

        private static byte[] bytes(StoredRule stored) {
            try {
                ByteBuffer definition = stored.definition() == null ? ByteBuffer.allocate(0)
                        : stored.definition().toByteBuffer();
                return ByteBuffer.allocate(Long.BYTES + definition.remaining())
                        .putLong(stored.offset()).put(definition).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static StoredRule stored(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long offset = buffer.getLong();
            try {
                return new StoredRule(offset, buffer.hasRemaining() ? RuleDefinition.fromByteBuffer(buffer) : null);
            } catch (IOException e) {
                throw new SerializationException("Cannot read a stored rule: " + e.getMessage(), e);
            }
        }
    }
}
