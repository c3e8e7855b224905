package dev.vigil.notifier.redrive;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of a topic from a moment (the first record stamped at or after it, by
 * {@code offsetsForTimes}) up to where the partition ended when the read began, so the read finishes even while
 * others keep writing. The consumer is assigned, not subscribed: it needs no group and commits nothing.
 */
final class TopicWindow {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Duration patience;

    /** @param patience how long a read may go without progress (and each metadata call may take) before it fails */
    TopicWindow(Consumer<String, byte[]> consumer, Duration patience) {
        this.consumer = consumer;
        this.patience = patience;
    }

    /** Hands each record of {@code topic} from {@code from} to the end to {@code each}, in order per partition. */
    void read(String topic, Instant from, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, patience));
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, patience);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            consumer.seek(p, start == null ? end.get(p) : start.offset());
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!reachedEnd(end)) {
            var batch = consumer.poll(POLL);
            if (!batch.isEmpty()) {
                deadline = System.nanoTime() + patience.toNanos();
            }
            for (ConsumerRecord<String, byte[]> record : batch) {
                Long stop = end.get(new TopicPartition(record.topic(), record.partition()));
                if (stop != null && record.offset() < stop) {
                    each.accept(record);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not read " + topic + " to its end: no progress for " + patience
                        + ", still to read " + end);
            }
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, patience);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /** Drops the partitions read to their end; true when none is left. */
    private boolean reachedEnd(Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), patience) >= e.getValue());
        return end.isEmpty();
    }
}
