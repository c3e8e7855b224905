package dev.vigil.lifecycle.view;

import dev.vigil.avro.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many alerts this instance's view holds in each status, and how many new alerts it has taken in, for
 * Prometheus: {@code vigil_alerts_open}, {@code vigil_alerts_acknowledged}, {@code vigil_alerts_resolved} (gauges)
 * and {@code vigil_anomalies_total{severity}} (counter).
 *
 * <p>Counts are kept per partition of the view: a task counts its store once when it starts (after restoring it)
 * and then follows every change, and its counts leave with the task when it closes or moves to another instance. So
 * each instance reports the partitions it hosts and the sum over instances is the whole view ({@code sum(vigil_alerts_open)}).
 * The counter counts alerts the first time a view sees them (not on a restore), so {@code increase()} over it is
 * the number of new alerts, whichever instance took them in.
 */
public final class AlertTally {

    private final Map<Integer, AtomicLongArray> byPartition = new ConcurrentHashMap<>();
    private final Map<Severity, LongAdder> anomalies = new EnumMap<>(Severity.class);

    public AlertTally() {
        for (Severity severity : Severity.values()) {
            anomalies.put(severity, new LongAdder());
        }
    }

    /** Registers the gauges and the counter. */
    public void bind(MeterRegistry registry) {
        for (AlertStatus status : AlertStatus.values()) {
            Gauge.builder("vigil.alerts." + status.wireName(), this, t -> t.count(status))
                    .description("Alerts in the view that are " + status.wireName() + " (the partitions this instance hosts)")
                    .register(registry);
        }
        for (Severity severity : Severity.values()) {
            io.micrometer.core.instrument.FunctionCounter.builder("vigil.anomalies", anomalies.get(severity), LongAdder::sum)
                    .description("New alerts the alert view took in, by severity")
                    .tag("severity", severity.name())
                    .register(registry);
        }
    }

    /** Alerts in {@code status} over the partitions this instance hosts. */
    public long count(AlertStatus status) {
        return byPartition.values().stream().mapToLong(counts -> counts.get(status.ordinal())).sum();
    }

    /** New alerts of {@code severity} taken in since this instance started. */
    public long anomalies(Severity severity) {
        return anomalies.get(severity).sum();
    }

    /** A task starts on {@code partition}: its counts, from a full read of its store. */
    void reset(int partition, long[] counts) {
        AtomicLongArray array = new AtomicLongArray(AlertStatus.values().length);
        for (int i = 0; i < counts.length; i++) {
            array.set(i, counts[i]);
        }
        byPartition.put(partition, array);
    }

    /** The task of {@code partition} closed (stopped, or moved to another instance). */
    void forget(int partition) {
        byPartition.remove(partition);
    }

    /** A view of {@code partition} changed from {@code before} (null: new) to {@code after} (null: removed). */
    void changed(int partition, AlertView before, AlertView after) {
        AtomicLongArray counts = byPartition.computeIfAbsent(partition,
                p -> new AtomicLongArray(AlertStatus.values().length));
        if (before != null) {
            counts.decrementAndGet(before.status().ordinal());
        } else if (after != null) {
            anomalies.get(after.alert().getSeverity()).increment();
        }
        if (after != null) {
            counts.incrementAndGet(after.status().ordinal());
        }
    }
}
