package dev.vigil.lifecycle.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the view of a compacted topic through an interactive query on its global store, typing each record with
 * the shared model as it is read (a channel's {@code ChannelSpecs.validate}, a silence's {@code SilenceSpec.fromRecord};
 * both cheap). The store holds only records that validated, so one that no longer does is a bug here, not bad input,
 * and is thrown as such.
 */
public final class StoreRecordViewReader<V extends SpecificRecord, T> implements KeyedViewReader<T> {

    private final String view;
    private final Supplier<ReadOnlyKeyValueStore<String, StoredRecord<V>>> store;
    private final Function<V, T> typed;

    /** @param view the view's name as the client is told, e.g. {@code "channels view"} */
    public StoreRecordViewReader(String view, KafkaStreams streams, String storeName, Function<V, T> typed) {
        this(view, () -> streams.store(StoreQueryParameters.fromNameAndType(storeName,
                QueryableStoreTypes.keyValueStore())), typed);
    }

    /** Over any store of the view's shape (tests pass the driver's). */
    StoreRecordViewReader(String view, Supplier<ReadOnlyKeyValueStore<String, StoredRecord<V>>> store,
                          Function<V, T> typed) {
        this.view = view;
        this.store = store;
        this.typed = typed;
    }

    @Override
    public Optional<ViewEntry<T>> get(String key) {
        try {
            return Optional.ofNullable(store.get().get(key)).map(stored -> entry(key, stored));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<ViewEntry<T>> all() {
        List<ViewEntry<T>> entries = new ArrayList<>();
        try (KeyValueIterator<String, StoredRecord<V>> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredRecord<V>> next = all.next();
                entries.add(entry(next.key, next.value));
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        entries.sort(Comparator.comparing(ViewEntry::key));
        return entries;
    }

    private ViewEntry<T> entry(String key, StoredRecord<V> stored) {
        if (stored.value() == null) {
            return new ViewEntry<>(key, stored.offset(), null);
        }
        try {
            return new ViewEntry<>(key, stored.offset(), typed.apply(stored.value()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + view + " holds " + key + ", which does not validate: "
                    + e.getMessage(), e);
        }
    }

    private ViewUnavailableException unavailable(InvalidStateStoreException e) {
        return new ViewUnavailableException(view, "the " + view + " is not available right now (" + e.getMessage()
                + ")", e);
    }
}
