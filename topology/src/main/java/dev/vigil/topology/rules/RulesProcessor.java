package dev.vigil.topology.rules;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.ingest.IngestException;
import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link RuleBook} in step with {@code vigil.rules.v1}, on the global stream thread: each record is
 * decoded and validated exactly as the API validates a submission ({@link RuleJson#fromRecord}); a valid one is
 * stored and applied, a tombstone deletes, and a record that does not decode, does not validate, or whose key is
 * not its {@code ruleId} is logged, counted and ignored — the previous version of that rule, if any, stays in force,
 * and nothing stops.
 *
 * <p>The store holds the raw bytes of the valid records only. Kafka Streams rebuilds a global store by running its
 * records through this processor again, so after a restart the book is what it was; {@link #init} also loads
 * whatever the store already holds, which makes the book right however the store was filled.
 *
 * <p>A schema registry outage is not a bad record: the processor waits and retries (logging each minute), because
 * skipping the record would silently run without a rule the user asked for.
 */
public final class RulesProcessor implements Processor<String, byte[], Void, Void> {

    /** Why a record was ignored, as counted. */
    public static final String UNDECODABLE = "undecodable";
    public static final String INVALID = "invalid";
    public static final String KEY_MISMATCH = "key-mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(RulesProcessor.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String storeName;
    private final String topic;
    private final Deserializer<RuleDefinition> deserializer;
    private final RuleBook book;
    private final Consumer<String> onRejected;
    private KeyValueStore<String, byte[]> store;

    /**
     * @param onRejected called with {@link #UNDECODABLE}, {@link #INVALID} or {@link #KEY_MISMATCH} per ignored record
     */
    public RulesProcessor(String storeName, String topic, Deserializer<RuleDefinition> deserializer, RuleBook book,
                          Consumer<String> onRejected) {
        this.storeName = storeName;
        this.topic = topic;
        this.deserializer = deserializer;
        this.book = book;
        this.onRejected = onRejected;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
        List<RuleSpec> specs = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                RuleSpec spec = decode(entry.key, entry.value);
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        book.replace(RuleSet.of(specs));
        if (!specs.isEmpty()) {
            LOG.info("{} rule record(s) loaded from {}: {}", specs.size(), topic, book.current().specs().keySet());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key != null) {
                store.delete(key);
                book.remove(key);
                LOG.info("Rule {} deleted (tombstone on {})", key, topic);
            }
            return;
        }
        RuleSpec spec = decode(key, record.value());
        if (spec == null) {
            return;
        }
        store.put(key, record.value());
        book.apply(spec);
        LOG.info("Rule {} version {} applied ({})", spec.ruleId(), spec.version(), spec.enabled() ? "enabled" : "disabled");
    }

    /** The valid rule of a record, or null after logging and counting why it is ignored. */
    private RuleSpec decode(String key, byte[] value) {
        RuleDefinition definition;
        try {
            definition = deserializeWaitingForRegistry(value);
        } catch (RuntimeException e) {
            reject(UNDECODABLE, key, "cannot read it as a RuleDefinition: " + e.getMessage());
            return null;
        }
        RuleSpec spec;
        try {
            spec = RuleJson.fromRecord(definition);
        } catch (IngestException e) {
            reject(INVALID, key, e.getMessage());
            return null;
        }
        if (!spec.ruleId().equals(key)) {
            reject(KEY_MISMATCH, key, "its key is not its ruleId \"" + spec.ruleId() + "\"");
            return null;
        }
        return spec;
    }

    private RuleDefinition deserializeWaitingForRegistry(byte[] value) {
        Duration backoff = Duration.ofSeconds(1);
        long lastLogged = 0;
        while (true) {
            try {
                return deserializer.deserialize(topic, value);
            } catch (SchemaRegistryUnavailableException e) {
                long now = System.nanoTime();
                if (lastLogged == 0 || now - lastLogged > Duration.ofMinutes(1).toNanos()) {
                    LOG.warn("Schema registry unavailable while reading {}; retrying (rules stay as they are): {}",
                            topic, e.getMessage());
                    lastLogged = now;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void reject(String reason, String key, String problem) {
        onRejected.accept(reason);
        LOG.warn("Ignored a record on {} (key {}): {}; the rule's previous version, if any, stays in force",
                topic, key, problem);
    }
}
