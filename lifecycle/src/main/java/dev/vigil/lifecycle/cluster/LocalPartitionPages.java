package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.LifecycleTopology;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link PartitionPages} over one partition of this instance's {@value LifecycleTopology#ALERT_VIEW_STORE}. A
 * partition's store is ordered by key, so a page is a range scan from the previous page's last key: the store of
 * all local partitions together is not (it chains them), which is why pages go partition by partition.
 */
public final class LocalPartitionPages implements PartitionPages {

    private final KafkaStreams streams;

    public LocalPartitionPages(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<AlertView> page(int partition, String after, int limit) {
        try {
            ReadOnlyKeyValueStore<String, AlertView> store = streams.store(StoreQueryParameters
                    .fromNameAndType(LifecycleTopology.ALERT_VIEW_STORE,
                            QueryableStoreTypes.<String, AlertView>keyValueStore())
                    .withPartition(partition));
            List<AlertView> page = new ArrayList<>();
            try (KeyValueIterator<String, AlertView> entries = after == null ? store.all() : store.range(after, null)) {
                while (entries.hasNext() && page.size() < limit) {
                    KeyValue<String, AlertView> entry = entries.next();
                    if (!entry.key.equals(after)) {
                        page.add(entry.value);
                    }
                }
            }
            return page;
        } catch (InvalidStateStoreException e) {
            throw new ViewUnavailableException("partition " + partition + " of the alert view is not readable here ("
                    + e.getMessage() + ")", e);
        }
    }
}
