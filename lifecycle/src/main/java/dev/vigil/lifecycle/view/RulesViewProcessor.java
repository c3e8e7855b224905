package dev.vigil.lifecycle.view;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.ingest.IngestException;
import dev.vigil.topology.rules.RuleJson;
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
 * Keeps the rules view: each record of {@code vigil.rules.v1} that decodes and validates with the topology's own
 * {@link RuleJson#fromRecord} is stored under its ruleId, a tombstone marks the id deleted, and anything else is
 * logged (ruleId and reason, one line), counted as {@link SkippedRecords#INVALID_RULE} and ignored: the id keeps
 * the definition it had, as the topology does with a record it cannot use.
 *
 * <p>It feeds a global store, and Kafka Streams replays the topic through this processor when it rebuilds the
 * store at start, so the store only ever holds validated definitions. A schema registry that cannot be reached is
 * not a bad record; that failure is thrown, as in {@link DecodingProcessor}, and stops the view (the global thread
 * is not replaced; {@code /health} reports it).
 */
final class RulesViewProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RulesViewProcessor.class);

    private final String node;
    private final String topic;
    private final String storeName;
    private final Deserializer<RuleDefinition> deserializer;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, StoredRule> store;
    private Sensor invalid;

    RulesViewProcessor(String node, String topic, String storeName, Deserializer<RuleDefinition> deserializer) {
        this.node = node;
        this.topic = topic;
        this.storeName = storeName;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.invalid = SkippedRecords.INVALID_RULE.sensor(context, node);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String ruleId = record.key();
        if (ruleId == null) {
            ignore("(no key)", "a record of the rules topic needs its ruleId as key");
        } else if (record.value() == null) {
            store.put(ruleId, new StoredRule(offset(), null));
        } else {
            RuleDefinition definition = decode(ruleId, record);
            if (definition != null && isValid(ruleId, definition)) {
                store.put(ruleId, new StoredRule(offset(), definition));
            }
        }
    }

    /** The definition, or null when the bytes are not one (already counted). */
    private RuleDefinition decode(String ruleId, Record<String, byte[]> record) {
        try {
            return deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            if (DecodingProcessor.isRegistryOutage(e)) {
                throw e;
            }
            ignore(ruleId, "not a RuleDefinition: " + e.getMessage());
            return null;
        }
    }

    private boolean isValid(String ruleId, RuleDefinition definition) {
        if (!ruleId.equals(definition.getRuleId())) {
            ignore(ruleId, "the record's ruleId is \"" + definition.getRuleId() + "\", not its key");
            return false;
        }
        try {
            RuleJson.fromRecord(definition);
            return true;
        } catch (IngestException e) {
            ignore(ruleId, e.getMessage());
        } catch (RuntimeException e) {
            ignore(ruleId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return false;
    }

    private void ignore(String ruleId, String reason) {
        invalid.record();
        LOG.warn("Ignored a record for rule {} on {} ({}): {}", ruleId, topic, position(), reason);
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
