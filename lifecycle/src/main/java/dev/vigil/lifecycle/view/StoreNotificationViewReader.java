package dev.vigil.lifecycle.view;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads {@value LifecycleTopology#NOTIFICATION_VIEW_STORE} on this instance. Like {@link StoreAlertViewReader} it sees
 * the partitions this instance hosts, which is all of them while one instance runs. The ledger is keyed by alertId,
 * not agentId, so an alert's deliveries may live on another instance than the alert itself.
 */
public final class StoreNotificationViewReader implements NotificationViewReader {

    private final KafkaStreams streams;

    public StoreNotificationViewReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<NotificationEntry> get(String alertId) {
        try {
            ReadOnlyKeyValueStore<String, NotificationHistory> store = streams.store(StoreQueryParameters.fromNameAndType(
                    LifecycleTopology.NOTIFICATION_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
            NotificationHistory history = store.get(alertId);
            return history == null ? List.of() : history.entries();
        } catch (InvalidStateStoreException e) {
            throw new ViewUnavailableException("notification view", "the notification view is not available right now ("
                    + e.getMessage() + ")", e);
        }
    }
}
