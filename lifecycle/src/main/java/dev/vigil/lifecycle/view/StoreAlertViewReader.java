package dev.vigil.lifecycle.view;

import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
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
 * runs; {@code dev.vigil.lifecycle.cluster} routes between instances. A list walks the list-order index of each
 * local partition ({@link AlertOrderIndex}): memory and time bounded by the page, not by the store's size.
 */
public final class StoreAlertViewReader implements AlertViewReader {

    private final KafkaStreams streams;
    private final String alertsTopic;

    /** Reads the view of {@code streams}, whose alert view is fed by {@code alertsTopic}. */
    public StoreAlertViewReader(KafkaStreams streams, String alertsTopic) {
        this.streams = streams;
        this.alertsTopic = alertsTopic;
    }

    @Override
    public Optional<AlertView> get(String alertId) {
        try {
            return Optional.ofNullable(store().get(alertId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    /**
     * A page through the list-order index of each partition this instance hosts ({@link AlertOrderIndex#page}): the
     * cost follows the page and the index entries walked, not the views stored.
     */
    @Override
    public List<AlertView> list(AlertFilter filter) {
        try {
            List<ReadOnlyKeyValueStore<String, AlertOrderIndex.Entry>> indexes = indexes();
            ReadOnlyKeyValueStore<String, AlertView> views = store();
            return AlertOrderIndex.page(indexes, filter, views::get);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    /** From the index, within the filter's time range: no view is read. */
    @Override
    public void summaries(AlertFilter filter, Consumer<AlertSummary> visitor) {
        try {
            AlertOrderIndex.summaries(indexes(), filter, visitor);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private List<ReadOnlyKeyValueStore<String, AlertOrderIndex.Entry>> indexes() {
        List<ReadOnlyKeyValueStore<String, AlertOrderIndex.Entry>> indexes = new ArrayList<>();
        for (int partition : localPartitions()) {
            indexes.add(streams.store(StoreQueryParameters.fromNameAndType(LifecycleTopology.ALERT_ORDER_STORE,
                    QueryableStoreTypes.<String, AlertOrderIndex.Entry>keyValueStore()).withPartition(partition)));
        }
        return indexes;
    }

    /** The partitions of the alerts topic whose view this instance hosts (its active tasks that read them). */
    private List<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(alertsTopic))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        if (partitions.isEmpty() && streams.state() != KafkaStreams.State.RUNNING) {
            throw new ViewUnavailableException("the alert view is not available right now (the service is "
                    + streams.state().name().toLowerCase(java.util.Locale.ROOT) + ")", null);
        }
        return new ArrayList<>(partitions);
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
