package dev.vigil.lifecycle.view;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads incidents through interactive queries on this instance's {@value LifecycleTopology#INCIDENT_VIEW_STORE}: like
 * the alert view, it sees the partitions this instance hosts. A list scans the local store ({@link IncidentFilter#select}).
 */
public final class StoreIncidentViewReader implements IncidentViewReader {

    private static final String VIEW = "incident view";

    private final KafkaStreams streams;

    public StoreIncidentViewReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        try {
            return Optional.ofNullable(store().get(incidentId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<Incident> list(IncidentFilter filter) {
        try (KeyValueIterator<String, Incident> all = store().all()) {
            return filter.select(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public Incident next() {
                    return all.next().value;
                }
            });
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private ReadOnlyKeyValueStore<String, Incident> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                LifecycleTopology.INCIDENT_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private static ViewUnavailableException unavailable(InvalidStateStoreException e) {
        return new ViewUnavailableException(VIEW, "the incident view is not available right now (" + e.getMessage()
                + ")", e);
    }
}
