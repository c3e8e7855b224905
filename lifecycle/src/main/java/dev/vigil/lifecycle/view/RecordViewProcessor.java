package dev.vigil.lifecycle.view;

import dev.vigil.ingest.IngestException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the view of a compacted topic whose values the API also writes (channels, silences), as
 * {@link RulesViewProcessor} does for rules: a record that decodes, names its key and validates with the shared model
 * is stored under its key with its offset, a tombstone marks the key deleted, and anything else is logged (key and
 * reason, one line), counted under {@code skipped} and ignored, so the key keeps what it had. The validation's
 * messages are the model's, which never quote a secret.
 *
 * <p>It feeds a global store that Kafka Streams rebuilds through this processor at start, so the store only ever
 * holds validated records. A schema registry that cannot be reached is not a bad record: that failure is thrown, as
 * in {@link DecodingProcessor}, and stops the view ({@code /health} reports it).
 */
final class RecordViewProcessor<V extends SpecificRecord> implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordViewProcessor.class);

    /** What the view is about and how to judge one record. */
    record Kind<V>(String what, SkippedRecords skipped, Function<V, String> keyOf, Consumer<V> validate) {
    }

    private final String node;
    private final String topic;
    private final String storeName;
    private final Deserializer<V> deserializer;
    private final Kind<V> kind;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, StoredRecord<V>> store;
    private Sensor invalid;

    RecordViewProcessor(String node, String topic, String storeName, Deserializer<V> deserializer, Kind<V> kind) {
        this.node = node;
        this.topic = topic;
        this.storeName = storeName;
        this.deserializer = deserializer;
        this.kind = kind;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.invalid = kind.skipped().sensor(context, node);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            ignore("(no key)", "a record of this topic needs its " + kind.what() + "'s key");
        } else if (record.value() == null) {
            store.put(key, new StoredRecord<>(offset(), null));
        } else {
            V value = decode(key, record);
            if (value != null && isValid(key, value)) {
                store.put(key, new StoredRecord<>(offset(), value));
            }
        }
    }

    /** The value, or null when the bytes are not one (already counted). */
    private V decode(String key, Record<String, byte[]> record) {
        try {
            return deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            if (DecodingProcessor.isRegistryOutage(e)) {
                throw e;
            }
            ignore(key, "not a record of this topic: " + e.getMessage());
            return null;
        }
    }

    private boolean isValid(String key, V value) {
        String named = kind.keyOf().apply(value);
        if (!key.equals(named)) {
            ignore(key, "the record names \"" + named + "\", not its key");
            return false;
        }
        try {
            kind.validate().accept(value);
            return true;
        } catch (IllegalArgumentException | IngestException e) {
            ignore(key, e.getMessage());
        } catch (RuntimeException e) {
            ignore(key, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return false;
    }

    private void ignore(String key, String reason) {
        invalid.record();
        LOG.warn("Ignored a record for {} {} on {} ({}): {}", kind.what(), key, topic, position(), reason);
    }

    /** -1 when unknown: an own write of the API then never counts as shown by it, which errs on the safe side. */
    private long offset() {
        return context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
    }

    private String position() {
        return context.recordMetadata()
                .map(m -> "partition " + m.partition() + ", offset " + m.offset())
                .orElse("position unknown");
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
