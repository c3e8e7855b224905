package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds alerts and lifecycle events into the view store, keyed by alertId. Both inputs are keyed by agentId and
 * co-partitioned, so an alert and every event about it reach this same task in order of their topics.
 *
 * <ul>
 *   <li>An alert opens a view, or replaces the alert of an existing one (status untouched).</li>
 *   <li>A lifecycle event (acknowledge, resolve, reopen, comment, assign) moves the status as {@link Transitions}
 *       allows. An event for an alert the view has never seen is not kept aside for a later alert: it is counted
 *       ({@link SkippedRecords#UNKNOWN_ALERT}), logged and passed over, because the API only writes events for alerts
 *       it shows. Illegal and repeated events are counted and passed over the same way; agent-level and incident
 *       commands (no alertId, or an action that is not about one alert) are not the view's business.</li>
 *   <li>Retention: views untouched for {@link #RETENTION} are removed, the same time the alerts topic keeps an alert,
 *       by a sweep of at most {@value IncrementalSweep#BATCH} views a minute (wall clock) that goes round the store
 *       ({@link IncrementalSweep}), so it never stalls the stream thread.</li>
 * </ul>
 */
final class AlertViewProcessor implements Processor<String, SpecificRecord, Void, Void> {

    static final Duration RETENTION = Duration.ofDays(90);
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(AlertViewProcessor.class);

    private final String node;
    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, AlertView> store;
    private Sensor unknownAlert;
    private Sensor illegalTransition;
    private Sensor duplicate;
    private Sensor expired;

    private final AlertTally tally;
    private int partition;

    private final String indexName;
    private final IncrementalSweep<AlertView> sweep = new IncrementalSweep<>();
    private KeyValueStore<String, AlertOrderIndex.Entry> index;

    AlertViewProcessor(String node, String storeName, String indexName, AlertTally tally) {
        this.node = node;
        this.storeName = storeName;
        this.indexName = indexName;
        this.tally = tally;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.index = context.getStateStore(indexName);
        this.unknownAlert = SkippedRecords.UNKNOWN_ALERT.sensor(context, node);
        this.illegalTransition = SkippedRecords.ILLEGAL_TRANSITION.sensor(context, node);
        this.duplicate = SkippedRecords.DUPLICATE.sensor(context, node);
        this.expired = SkippedRecords.EXPIRED.sensor(context, node);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::removeExpired);
        this.partition = context.taskId().partition();
        long[] counts = new long[AlertStatus.values().length];
        boolean indexed = index.get(AlertOrderIndex.BUILT) != null;
        long added = 0;
        try (KeyValueIterator<String, AlertView> all = store.all()) {
            while (all.hasNext()) {
                AlertView view = all.next().value;
                counts[view.status().ordinal()]++;
                if (!indexed) {
                    index.put(AlertOrderIndex.key(view), AlertOrderIndex.Entry.of(view));
                    added++;
                }
            }
        }
        if (!indexed) {
            index.put(AlertOrderIndex.BUILT, AlertOrderIndex.MARKER);
            if (added > 0) {
                LOG.info("Indexed the {} alert views of partition {} in list order", added, partition);
            }
        }
        tally.reset(partition, counts);
    }

    @Override
    public void close() {
        tally.forget(partition);
    }

    /** Writes the view and keeps the list-order index and the tally of statuses in step. */
    private void save(String alertId, AlertView before, AlertView after) {
        store.put(alertId, after);
        AlertOrderIndex.Entry entry = AlertOrderIndex.Entry.of(after);
        String key = AlertOrderIndex.key(after);
        if (before != null) {
            String previous = AlertOrderIndex.key(before);
            if (!previous.equals(key)) {
                index.delete(previous);
            } else if (AlertOrderIndex.Entry.of(before).equals(entry)) {
                tally.changed(partition, before, after);
                return;
            }
        }
        index.put(key, entry);
        tally.changed(partition, before, after);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Alert alert) {
            applyAlert(alert);
        } else if (record.value() instanceof AlertLifecycleEvent event) {
            applyEvent(event);
        }
    }

    private void applyAlert(Alert alert) {
        AlertView current = store.get(alert.getAlertId());
        save(alert.getAlertId(), current, current == null ? AlertView.open(alert, now()) : current.withAlert(alert, now()));
    }

    private void applyEvent(AlertLifecycleEvent event) {
        String alertId = event.getAlertId();
        if (alertId == null || !Transitions.isAlertAction(event.getAction())) {
            return;
        }
        AlertView current = store.get(alertId);
        if (current == null) {
            unknownAlert.record();
            LOG.warn("Ignored lifecycle event {} ({}) for alert {} of agent {}: the view has no such alert",
                    event.getEventId(), event.getAction(), alertId, event.getAgentId());
        } else if (current.hasApplied(event.getEventId())) {
            duplicate.record();
        } else {
            current.after(event, now()).ifPresentOrElse(next -> save(alertId, current, next), () -> {
                illegalTransition.record();
                LOG.warn("Ignored lifecycle event {} for alert {}: {}", event.getEventId(), alertId,
                        Transitions.refusal(current.status(), event.getAction()));
            });
        }
    }

    private void removeExpired(long wallClockMs) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMs).minus(RETENTION);
        List<KeyValue<String, AlertView>> stale = sweep.next(store, view -> view.updatedAt().isBefore(cutoff));
        stale.forEach(entry -> {
            store.delete(entry.key);
            index.delete(AlertOrderIndex.key(entry.value));
            tally.changed(partition, entry.value, null);
        });
        stale.forEach(id -> expired.record());
        if (!stale.isEmpty()) {
            LOG.info("Removed {} alert views untouched since before {}", stale.size(), cutoff);
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
