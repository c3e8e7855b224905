package dev.vigil.lifecycle.view;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.ingest.IngestException;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the rules view through an interactive query on the global {@value LifecycleTopology#RULES_STORE}.
 *
 * <p>The store holds definitions; turning one into a {@link dev.vigil.topology.rules.RuleSpec} compiles its CEL
 * condition, so each entry is decoded once and remembered with its offset (which changes whenever the rule does).
 * That memory holds one entry per ruleId the store holds, no more.
 */
public final class StoreRuleViewReader implements RuleViewReader {

    private final Supplier<ReadOnlyKeyValueStore<String, StoredRule>> store;
    private final Map<String, RuleEntry> decoded = new ConcurrentHashMap<>();

    public StoreRuleViewReader(KafkaStreams streams) {
        this(() -> streams.store(StoreQueryParameters.fromNameAndType(
                LifecycleTopology.RULES_STORE, QueryableStoreTypes.keyValueStore())));
    }

    /** Over any store of the view's shape (tests pass the driver's). */
    StoreRuleViewReader(Supplier<ReadOnlyKeyValueStore<String, StoredRule>> store) {
        this.store = store;
    }

    @Override
    public Optional<RuleEntry> get(String ruleId) {
        try {
            return Optional.ofNullable(store.get().get(ruleId)).map(stored -> entry(ruleId, stored));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<RuleEntry> all() {
        List<RuleEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, StoredRule> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredRule> next = all.next();
                entries.add(entry(next.key, next.value));
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        entries.sort(Comparator.comparing(RuleEntry::ruleId));
        return entries;
    }

    private RuleEntry entry(String ruleId, StoredRule stored) {
        RuleEntry known = decoded.get(ruleId);
        if (known != null && known.offset() == stored.offset()) {
            return known;
        }
        RuleEntry entry = new RuleEntry(ruleId, stored.offset(),
                stored.definition() == null ? null : validated(stored.definition()));
        decoded.put(ruleId, entry);
        return entry;
    }

    /** The store holds only definitions that validated; one that no longer does is a bug here, not bad input. */
    private static RuleSpec validated(RuleDefinition definition) {
        try {
            return RuleJson.fromRecord(definition);
        } catch (IngestException e) {
            throw new IllegalStateException("the rules view holds rule " + definition.getRuleId()
                    + ", which does not validate: " + e.getMessage(), e);
        }
    }

    private static ViewUnavailableException unavailable(InvalidStateStoreException e) {
        return new ViewUnavailableException("rules view", "the rules view is not available right now ("
                + e.getMessage() + ")", e);
    }
}
