package dev.vigil.lifecycle.view;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the view through interactive queries on this instance's {@value LifecycleTopology#ALERT_VIEW_STORE}.
 *
 * <p>Single instance: it sees only the partitions this instance hosts, which is all of them while one instance
 * runs. Issue 6 adds routing between instances (or a global store). A list scans the local store
 * ({@link AlertFilter#select}): memory bounded by the limit, time by the store's size.
 */
public final class StoreAlertViewReader implements AlertViewReader {

    private final KafkaStreams streams;

    public StoreAlertViewReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<AlertView> get(String alertId) {
        try {
            return Optional.ofNullable(store().get(alertId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<AlertView> list(AlertFilter filter) {
        try (KeyValueIterator<String, AlertView> all = store().all()) {
            return filter.select(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public AlertView next() {
                    return all.next().value;
                }
            });
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void forEach(Consumer<AlertView> visitor) {
        try (KeyValueIterator<String, AlertView> all = store().all()) {
            all.forEachRemaining(entry -> visitor.accept(entry.value));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private ReadOnlyKeyValueStore<String, AlertView> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                LifecycleTopology.ALERT_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private static ViewUnavailableException unavailable(InvalidStateStoreException e) {
        return new ViewUnavailableException("the alert view is not available right now (" + e.getMessage() + ")", e);
    }
}
