package dev.vigil.notifier.consume;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed when some alerts wait (in a group, behind a rate budget): per partition, everything
 * below the first record with unsettled work, or — when nothing waits — everything read. A waiting alert's record is
 * therefore never committed before its notification went out: after a crash it is read and waits again.
 */
final class PendingOffsets {

    /** One unit of deferred work of the record at {@code offset}. */
    record Ticket(TopicPartition partition, long offset) {
    }

    private final Map<TopicPartition, TreeMap<Long, Integer>> open = new HashMap<>();
    private final Map<TopicPartition, Long> read = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** The record at {@code offset} is handled, whatever work of it still waits. */
    void handled(TopicPartition partition, long offset) {
        read.merge(partition, offset + 1, Math::max);
    }

    void hold(Ticket ticket) {
        open.computeIfAbsent(ticket.partition(), p -> new TreeMap<>()).merge(ticket.offset(), 1, Integer::sum);
    }

    void settle(Ticket ticket) {
        TreeMap<Long, Integer> offsets = open.get(ticket.partition());
        if (offsets != null) {
            offsets.computeIfPresent(ticket.offset(), (o, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** True when nothing of {@code partition} waits. */
    boolean idle(TopicPartition partition) {
        TreeMap<Long, Integer> offsets = open.get(partition);
        return offsets == null || offsets.isEmpty();
    }

    /** The offsets that may be committed now and were not yet. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        read.forEach((partition, next) -> {
            TreeMap<Long, Integer> offsets = open.get(partition);
            long upTo = offsets == null || offsets.isEmpty() ? next : Math.min(next, offsets.firstKey());
            Long done = committed.get(partition);
            if (done == null || upTo > done) {
                out.put(partition, new OffsetAndMetadata(upTo));
            }
        });
        return out;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((p, o) -> committed.merge(p, o.offset(), Math::max));
    }

    /** Forgets a partition handed to another consumer (its waiting work was flushed before). */
    void forget(TopicPartition partition) {
        open.remove(partition);
        read.remove(partition);
        committed.remove(partition);
    }
}
