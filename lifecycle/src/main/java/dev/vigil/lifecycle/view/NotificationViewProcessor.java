package dev.vigil.lifecycle.view;

import dev.vigil.avro.NotificationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per alertId, the newest {@value NotificationHistory#LIMIT} records of the delivery ledger
 * ({@code vigil.notifications.v1}, keyed by alertId) for the alert's timeline.
 *
 * <ul>
 *   <li>A record is filed under the alertId it names. The view reads at-least-once, so a record that is already
 *       there, field for field, is a redelivery: counted ({@link SkippedRecords#DUPLICATE}) and passed over.</li>
 *   <li>Retention as the alert view's ({@link AlertViewProcessor#RETENTION}): once an hour (wall clock) histories
 *       untouched that long are removed ({@link SkippedRecords#EXPIRED}), so the timeline of every alert the alert
 *       view still holds keeps its deliveries, even after the ledger topic itself has deleted them.</li>
 * </ul>
 */
final class NotificationViewProcessor implements Processor<String, SpecificRecord, Void, Void> {

    static final Duration RETENTION = AlertViewProcessor.RETENTION;
    static final Duration SWEEP_INTERVAL = AlertViewProcessor.SWEEP_INTERVAL;

    private static final Logger LOG = LoggerFactory.getLogger(NotificationViewProcessor.class);

    private final String node;
    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, NotificationHistory> store;
    private Sensor duplicate;
    private Sensor expired;
    private final IncrementalSweep<NotificationHistory> sweep = new IncrementalSweep<>();

    NotificationViewProcessor(String node, String storeName) {
        this.node = node;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.duplicate = SkippedRecords.DUPLICATE.sensor(context, node);
        this.expired = SkippedRecords.EXPIRED.sensor(context, node);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::removeExpired);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof NotificationRecord ledger)) {
            return;
        }
        NotificationEntry entry = NotificationEntry.of(ledger);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        NotificationHistory current = store.get(ledger.getAlertId());
        if (current == null) {
            store.put(ledger.getAlertId(), NotificationHistory.empty(now).with(entry, now));
        } else if (current.contains(entry)) {
            duplicate.record();
        } else {
            store.put(ledger.getAlertId(), current.with(entry, now));
        }
    }

    private void removeExpired(long wallClockMs) {
        Instant cutoff = Instant.ofEpochMilli(wallClockMs).minus(RETENTION);
        List<String> stale = sweep.next(store, history -> history.updatedAt().isBefore(cutoff)).stream()
                .map(entry -> entry.key).toList();
        stale.forEach(store::delete);
        stale.forEach(id -> expired.record());
        if (!stale.isEmpty()) {
            LOG.info("Removed the notification histories of {} alerts untouched since before {}", stale.size(), cutoff);
        }
    }
}
