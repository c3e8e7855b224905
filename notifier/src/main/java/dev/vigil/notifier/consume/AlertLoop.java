package dev.vigil.notifier.consume;

import dev.vigil.avro.Alert;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryReport;
import dev.vigil.notifier.delivery.StopSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import dev.vigil.notifier.dispatch.ChannelDispatcher;
import dev.vigil.notifier.dispatch.Dispatch;
import java.util.Optional;
import java.util.function.Supplier;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.notifier.channel.LifecycleNotice;
import dev.vigil.notifier.route.ChannelTable;
import dev.vigil.notifier.route.RoutedChannel;
import dev.vigil.notifier.route.Silencer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's cycle: poll a batch of alerts, deliver each to every channel, write the ledger records, flush the
 * producer, and only then commit the offsets. Delivery is at-least-once: a crash anywhere before the commit means
 * the batch is read and delivered again, under the same idempotency keys, so receivers can drop the repeats.
 *
 * <p><b>Why offsets, not a state store, hold the pending deliveries.</b> An alert is pending exactly while its offset
 * is uncommitted, so the consumer group's committed offset already <em>is</em> the durable list of pending work, kept
 * by Kafka, shared across instances and handed over on a rebalance. A state store would be a second copy of the same
 * fact, with its own changelog, and the two could disagree after a crash (delivered but still marked pending, or the
 * other way round); with offsets there is nothing to reconcile. The cost is that a slow delivery holds back the
 * commit of its batch; retries are bounded, so the hold is too. (Grouping and rate budgets, which must remember
 * alerts across batches, will need a store of their own; delivery itself does not.)
 *
 * <p>Bytes are decoded here, not by the consumer, so that one bad record is one bad record: it is logged once with
 * its offset, written to the ledger as failed, and skipped; the loop goes on. If the schema registry is unreachable
 * the record is not bad: the batch stops there, what was done is committed, and the rest is read again after a pause.
 *
 * <p>Rebalances need no listener: offsets are committed at the end of every batch, before the next poll, which is the
 * only place a rebalance can take partitions away.
 */
public final class AlertLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration MIN_POLL = Duration.ofMillis(10);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, NotificationRecord> ledger;
    private final Deserializer<Alert> decoder;
    private final Deserializer<AlertLifecycleEvent> lifecycleDecoder;
    private final Supplier<ChannelTable> channels;
    private final Silencer silencer;
    private final RecentAlerts recent = new RecentAlerts(RECENT_ALERTS);
    private final PendingOffsets pending = new PendingOffsets();
    private boolean polling;
    private final Map<String, Dispatcher> dispatchers = new java.util.LinkedHashMap<>();
    private final Topics topics;
    private final StopSignal stop;
    private final Clock clock;
    private final Duration registryRetryPause;
    private final Counter undecodable;

    /** The topics the loop touches; {@code alertEvents} null when no channel follows the alert lifecycle. */
    public record Topics(String alerts, String notifications, String alertEvents) {

        public Topics(String alerts, String notifications) {
            this(alerts, notifications, null);
        }
    }

    /** Alerts remembered for their lifecycle events (severity, category, explicit channels): about 2 KB each. */
    static final int RECENT_ALERTS = 10_000;

    /** Lifecycle events older than this (by their time) are not passed on. */
    static final Duration LIFECYCLE_HORIZON = Duration.ofHours(24);

    private enum Handled { DONE, STOPPED, RETRY_LATER }

    /** A loop over a fixed list of channels, without silences or lifecycle events. */
    public AlertLoop(Consumer<String, byte[]> consumer, Producer<String, NotificationRecord> ledger, Deserializer<Alert> decoder,
                     List<ChannelDelivery> deliveries, Topics topics, StopSignal stop, MeterRegistry registry, Clock clock,
                     Duration registryRetryPause) {
        this(consumer, ledger, decoder, null, () -> ChannelTable.ofDeliveries(deliveries), Silencer.NONE,
                new Topics(topics.alerts(), topics.notifications()), stop, registry, clock, registryRetryPause);
    }

    /**
     * @param lifecycleDecoder decodes {@code topics.alertEvents()}; null when the loop does not follow lifecycle events
     * @param channels         the channel table in force, read once per alert
     * @param silencer         the silences in force
     */
    public AlertLoop(Consumer<String, byte[]> consumer, Producer<String, NotificationRecord> ledger, Deserializer<Alert> decoder,
                     Deserializer<AlertLifecycleEvent> lifecycleDecoder, Supplier<ChannelTable> channels, Silencer silencer,
                     Topics topics, StopSignal stop, MeterRegistry registry, Clock clock, Duration registryRetryPause) {
        this.consumer = consumer;
        this.ledger = ledger;
        this.decoder = decoder;
        this.lifecycleDecoder = topics.alertEvents() == null ? null : lifecycleDecoder;
        this.channels = channels;
        this.silencer = silencer;
        this.topics = topics;
        this.stop = stop;
        this.clock = clock;
        this.registryRetryPause = registryRetryPause;
        this.undecodable = Counter.builder("vigil.notifier.undecodable.alerts")
                .description("Records on the alerts topic that could not be read as an Alert; skipped and recorded as failed.")
                .register(registry);
    }

    /** Subscribes and cycles until stopped, then closes both clients. Failures propagate to the caller. */
    @Override
    public void run() {
        try {
            consumer.subscribe(lifecycleDecoder == null ? List.of(topics.alerts())
                    : List.of(topics.alerts(), topics.alertEvents()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                            flushForRebalance(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                        }
                    });
            while (!stop.isStopped()) {
                pollOnce();
            }
        } finally {
            closeQuietly(consumer);
            closeQuietly(ledger);
        }
    }

    /**
     * One cycle: poll, route each record (sending what is due at once, letting grouped or paced alerts wait), send
     * what the channels' timers made due, write the ledger, flush, and commit every offset below the first record whose
     * notifications still wait.
     */
    void pollOnce() {
        ConsumerRecords<String, byte[]> batch;
        polling = true;
        try {
            batch = consumer.poll(pollTimeout());
        } finally {
            polling = false;
        }
        Map<TopicPartition, Long> handledUpTo = new HashMap<>();
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        Handled last = Handled.DONE;
        for (ConsumerRecord<String, byte[]> record : batch) {
            last = stop.isStopped() ? Handled.STOPPED : handle(record, writes);
            if (last != Handled.DONE) {
                break;
            }
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            pending.handled(partition, record.offset());
            handledUpTo.put(partition, record.offset() + 1);
        }
        if (last == Handled.DONE && !stop.isStopped()) {
            last = sendDue(writes);
        }
        awaitLedger(writes);
        commit(pending.committable());
        if (last != Handled.DONE) {
            rewind(batch, handledUpTo);
        }
        if (last == Handled.RETRY_LATER) {
            pause();
        }
    }

    /** Up to {@link #POLL_TIMEOUT}, shorter when a channel has something due sooner. */
    private Duration pollTimeout() {
        Instant now = clock.instant();
        Duration timeout = POLL_TIMEOUT;
        for (Dispatcher d : dispatchers.values()) {
            Optional<Instant> next = d.dispatcher().nextDue(now);
            if (next.isPresent()) {
                Duration until = Duration.between(now, next.get());
                timeout = until.compareTo(timeout) < 0 ? until : timeout;
            }
        }
        return timeout.compareTo(MIN_POLL) < 0 ? MIN_POLL : timeout;
    }

    /** A channel's dispatcher, kept while the channel and its policy stay the same. */
    private record Dispatcher(RoutedChannel channel, ChannelDispatcher dispatcher) {
    }

    /**
     * The dispatcher of {@code target}. When the channel changed since its alerts started waiting (new settings or
     * policy), what waits goes out at once through the channel as it is now.
     */
    private Dispatcher dispatcher(RoutedChannel target, List<Future<RecordMetadata>> writes) {
        Dispatcher current = dispatchers.get(target.name());
        if (current != null && current.channel() == target) {
            return current;
        }
        Dispatcher fresh = new Dispatcher(target, new ChannelDispatcher(target.policy()));
        dispatchers.put(target.name(), fresh);
        if (current != null) {
            execute(fresh.channel(), current.dispatcher().drain(), writes);
        }
        return fresh;
    }

    /** Sends what the channels' timers and budgets made due; settles channels that no longer exist. */
    private Handled sendDue(List<Future<RecordMetadata>> writes) {
        Instant now = clock.instant();
        ChannelTable table = channels.get();
        for (Dispatcher d : List.copyOf(dispatchers.values())) {
            if (table.get(d.channel().name()).isEmpty()) {
                abandon(d, writes);
                continue;
            }
            Handled h = execute(d.channel(), d.dispatcher().due(now), writes);
            if (h != Handled.DONE) {
                return h;
            }
        }
        return Handled.DONE;
    }

    /** A channel deleted while alerts waited for it: they are recorded as failed, so their records can be committed. */
    private void abandon(Dispatcher d, List<Future<RecordMetadata>> writes) {
        dispatchers.remove(d.channel().name());
        for (Dispatch dispatch : d.dispatcher().drain()) {
            for (Alert alert : ((Dispatch.Send) dispatch).alerts()) {
                writes.add(write(ChannelDelivery.notAttempted(alert, d.channel().name(),
                        "channel " + d.channel().name() + " was deleted while the alert waited", clock.instant())));
            }
            dispatch.tickets().forEach(t -> pending.settle((PendingOffsets.Ticket) t));
        }
    }

    /** Carries out a channel's dispatches; their tickets are settled once each is recorded. */
    private Handled execute(RoutedChannel target, List<Dispatch> dispatches, List<Future<RecordMetadata>> writes) {
        ChannelDelivery delivery = target.delivery();
        for (Dispatch dispatch : dispatches) {
            DeliveryReport report;
            if (dispatch instanceof Dispatch.Suppress suppress) {
                report = delivery.suppressed(suppress.alert(), suppress.reason());
            } else {
                Dispatch.Send send = (Dispatch.Send) dispatch;
                report = send.alerts().size() == 1 && !send.digest() ? delivery.deliver(send.alerts().get(0))
                        : delivery.deliverGroup(send.alerts(), send.digest());
            }
            report.ledger().forEach(entry -> writes.add(write(entry)));
            if (!report.finished()) {
                return Handled.STOPPED;
            }
            if (dispatch instanceof Dispatch.Send send && report.ledger().stream()
                    .anyMatch(r -> r.getOutcome() == dev.vigil.avro.DeliveryOutcome.failed)) {
                Dispatcher d = dispatchers.get(target.name());
                if (d != null) {
                    d.dispatcher().notDelivered(send.alerts());
                }
            }
            dispatch.tickets().forEach(t -> pending.settle((PendingOffsets.Ticket) t));
        }
        return Handled.DONE;
    }

    /**
     * Before partitions go to another instance, everything waiting is sent and the offsets committed, so the new
     * owner neither loses nor repeats those notifications.
     */
    private void flushForRebalance(java.util.Collection<TopicPartition> revoked) {
        if (!polling) {
            // Revoked by close(): after a failure nothing may be committed, and on a stop what waits is read again.
            return;
        }
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (Dispatcher d : List.copyOf(dispatchers.values())) {
            execute(d.channel(), d.dispatcher().drain(), writes);
        }
        awaitLedger(writes);
        commit(pending.committable());
        revoked.forEach(pending::forget);
    }

    private Handled handle(ConsumerRecord<String, byte[]> record, List<Future<RecordMetadata>> writes) {
        if (lifecycleDecoder != null && record.topic().equals(topics.alertEvents())) {
            return handleLifecycle(record, writes);
        }
        Alert alert;
        try {
            alert = decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (UndecodableAlert.isTransient(e)) {
                LOG.warn("Cannot decode the alert at {} yet (schema registry unreachable); retrying in {} ms: {}",
                        UndecodableAlert.coordinates(record), registryRetryPause.toMillis(), UndecodableAlert.problem(e));
                return Handled.RETRY_LATER;
            }
            skipUndecodable(record, UndecodableAlert.problem(e), writes);
            return Handled.DONE;
        }
        if (alert == null) {
            skipUndecodable(record, "the record has no value", writes);
            return Handled.DONE;
        }
        recent.put(alert);
        ChannelTable.Targets targets = channels.get().route(alert);
        for (String missing : targets.missing()) {
            String reason = "the alert names channel " + missing + ", which does not exist";
            LOG.warn("Alert {}: {}", alert.getAlertId(), reason);
            writes.add(write(ChannelDelivery.notAttempted(alert, missing, reason, clock.instant())));
        }
        Instant now = clock.instant();
        Optional<String> silence = silencer.silencing(alert, now);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        for (RoutedChannel target : targets.channels()) {
            ChannelDelivery delivery = target.delivery();
            if (delivery.accepts(alert.getSeverity()) && silence.isEmpty()) {
                PendingOffsets.Ticket ticket = new PendingOffsets.Ticket(partition, record.offset());
                pending.hold(ticket);
                Handled h = execute(target, dispatcher(target, writes).dispatcher().offer(alert, ticket, now), writes);
                if (h != Handled.DONE) {
                    return h;
                }
                continue;
            }
            DeliveryReport report = delivery.accepts(alert.getSeverity()) ? delivery.silenced(alert, silence.get())
                    : delivery.deliver(alert);
            report.ledger().forEach(entry -> writes.add(write(entry)));
        }
        return Handled.DONE;
    }

    /**
     * An acknowledgement or resolution, passed on to the channels that follow the alert lifecycle (PagerDuty) and would
     * have received the alert: routed like the alert when the loop saw it since it started; otherwise every enabled
     * lifecycle channel whose tenant, agent and rule matchers fit the event (the receiver ignores an unknown alert).
     */
    private Handled handleLifecycle(ConsumerRecord<String, byte[]> record, List<Future<RecordMetadata>> writes) {
        AlertLifecycleEvent event;
        try {
            event = lifecycleDecoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (UndecodableAlert.isTransient(e)) {
                return Handled.RETRY_LATER;
            }
            LOG.warn("Skipping an unreadable lifecycle event at {}: {}", UndecodableAlert.coordinates(record),
                    UndecodableAlert.problem(e));
            return Handled.DONE;
        }
        if (event == null || !LifecycleNotice.followed(event)) {
            return Handled.DONE;
        }
        if (event.getOccurredAt().isBefore(clock.instant().minus(LIFECYCLE_HORIZON))) {
            // A first start reads the topic's whole history: old acknowledgements are not news to PagerDuty.
            return Handled.DONE;
        }
        Alert alert = recent.get(event.getAlertId());
        List<RoutedChannel> targets = alert != null
                ? channels.get().route(alert).channels().stream()
                        .filter(c -> c.delivery().accepts(alert.getSeverity())).toList()
                : channels.get().all().stream().filter(c -> c.enabled() && c.mayMatch(event)).toList();
        for (RoutedChannel target : targets) {
            if (!target.delivery().channel().followsLifecycle()) {
                continue;
            }
            DeliveryReport report = target.delivery().deliverLifecycle(new LifecycleNotice(event, alert));
            report.ledger().forEach(entry -> writes.add(write(entry)));
            if (!report.finished()) {
                return Handled.STOPPED;
            }
        }
        return Handled.DONE;
    }

    private void skipUndecodable(ConsumerRecord<String, byte[]> record, String problem, List<Future<RecordMetadata>> writes) {
        undecodable.increment();
        LOG.warn("Skipping an {}", UndecodableAlert.reason(record, problem));
        writes.add(write(UndecodableAlert.ledgerRecord(record, problem, clock.instant())));
    }

    private Future<RecordMetadata> write(NotificationRecord entry) {
        return ledger.send(new ProducerRecord<>(topics.notifications(), entry.getAlertId(), entry));
    }

    /** Every ledger record of the batch must be on the broker before the offsets move; otherwise the app stops. */
    private void awaitLedger(List<Future<RecordMetadata>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        ledger.flush();
        for (Future<RecordMetadata> write : writes) {
            try {
                write.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot write the delivery ledger to " + topics.notifications()
                        + "; offsets not committed, the batch will be delivered again: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing the delivery ledger; offsets not committed", e);
            }
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done);
            pending.committed(done);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("Offsets not committed because the group rebalanced; {} partition(s) of alerts will be delivered "
                    + "again under the same idempotency keys: {}", done.size(), e.getMessage());
        }
    }

    /** Puts every partition of an unfinished batch back to its first unhandled record, so nothing is skipped. */
    private void rewind(ConsumerRecords<String, byte[]> batch, Map<TopicPartition, Long> handledUpTo) {
        if (stop.isStopped()) {
            return;
        }
        for (TopicPartition partition : batch.partitions()) {
            Long handled = handledUpTo.get(partition);
            consumer.seek(partition, handled != null ? handled : batch.records(partition).get(0).offset());
        }
    }

    private void pause() {
        try {
            stop.sleep(registryRetryPause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.stop();
        }
    }

    private static void closeQuietly(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("Error closing a Kafka client: {}", e.toString());
        }
    }
}
