package dev.vigil.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Streams application has processed everything: its committed offsets reached the end offsets on the
 * events topic and on its own repartition topics (work re-keyed there is not done when the events are). Under
 * exactly-once a committed offset means the outputs of those records are committed too.
 *
 * <p>"Reached the end" allows for transaction markers: a repartition topic is written in transactions, so its end
 * offset counts the commit marker after the last record, and Streams may commit the offset just past the last
 * record it processed — below the marker — and never commit again, having nothing left to process. A committed
 * offset a little below the end therefore counts as the end when only control records lie between the two
 * ({@link TailReader}); otherwise such a run would look stalled forever.
 */
final class CatchUp {

    /** Larger gaps are never explained by markers alone; the tail is only read when every gap is this small. */
    static final long MAX_MARKER_GAP = 64;

    private final Admin admin;
    private final String applicationId;
    private final String eventsTopic;
    private final TailCheck tail;

    CatchUp(Admin admin, String applicationId, String eventsTopic, TailCheck tail) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.eventsTopic = eventsTopic;
        this.tail = tail;
    }

    /** Whether only control records (transaction markers, aborted data) lie in [from, to) of a partition. */
    interface TailCheck {
        boolean onlyControlRecords(TopicPartition partition, long from, long to);
    }

    /** Where the application stands now. */
    Progress progress() throws ExecutionException, InterruptedException {
        Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(trackedTopics(), IsolationLevel.READ_UNCOMMITTED);
        return Progress.of(eventsTopic, ends, committed(), tail);
    }

    /**
     * Per partition of the tracked topics and of {@code otherTopics}: the group's committed offset, the log start
     * offset (above 0 once retention or deleteRecords removed records), the end offset (high watermark) and the
     * last stable offset (end for read_committed readers; below the end while a transaction is open).
     */
    String describeOffsets(List<String> otherTopics) throws ExecutionException, InterruptedException {
        Set<String> topics = trackedTopics();
        topics.addAll(otherTopics);
        Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(topics, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> stable = endOffsets(topics, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(topics, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
        StringBuilder out = new StringBuilder();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            long end = ends.get(tp).offset();
            out.append(String.format("  %-60s committed=%-8s logStart=%-8d end=%-8d lastStable=%-8d behind=%s%n", tp,
                    offset == null ? "none" : Long.toString(offset.offset()), starts.get(tp).offset(), end,
                    stable.get(tp).offset(),
                    offset == null ? "-" : Long.toString(end - offset.offset())));
        }
        return out.toString();
    }

    /**
     * Fails if records of the events topic were deleted during the run (its log start offset is above 0): the
     * topology then never saw them, its committed offsets can still reach the end, and a figure counting them
     * would be void. Broker retention does this to records whose timestamps are older than the topic's
     * {@code retention.ms}.
     */
    void requireNothingDeleted() throws ExecutionException, InterruptedException {
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(Set.of(eventsTopic), OffsetSpec.earliest(),
                IsolationLevel.READ_UNCOMMITTED);
        long deleted = starts.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        if (deleted > 0) {
            throw new IllegalStateException(deleted + " records of " + eventsTopic + " were deleted by the broker during"
                    + " the run (log start offsets " + new java.util.TreeMap<>(starts.entrySet().stream().collect(
                    Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().offset()))) + "); the topology"
                    + " never saw them, so the run is void");
        }
    }

    private Set<String> trackedTopics() throws ExecutionException, InterruptedException {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.equals(eventsTopic) || isOwnRepartitionTopic(name))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(Set<String> topics, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        return offsets(topics, OffsetSpec.latest(), isolation);
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Set<String> topics, OffsetSpec spec, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all().get();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    }

    private boolean isOwnRepartitionTopic(String name) {
        return name.startsWith(applicationId + "-") && name.endsWith("-repartition");
    }

    /**
     * @param eventsCommitted sum of committed offsets over the events topic's partitions
     * @param eventsEnd       sum of its end offsets (the number of events, the topic being written once)
     * @param allCommitted    sum of committed offsets over every tracked partition: moves whenever work is done
     * @param markerTails     partitions counted as done although their committed offset is below the end, only
     *                        control records lying in between (0 unless {@code complete})
     * @param complete        true if every tracked partition's committed offset reached its end offset, or lies
     *                        below it only by control records
     */
    record Progress(long eventsCommitted, long eventsEnd, long allCommitted, int markerTails, boolean complete) {

        static Progress of(String eventsTopic, Map<TopicPartition, ListOffsetsResultInfo> ends,
                           Map<TopicPartition, OffsetAndMetadata> committed, TailCheck tail) {
            long eventsCommitted = 0;
            long eventsEnd = 0;
            long allCommitted = 0;
            long largestGap = 0;
            Map<TopicPartition, long[]> gaps = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long done = offset == null ? 0 : offset.offset();
                long endOffset = end.getValue().offset();
                allCommitted += done;
                if (done < endOffset) {
                    gaps.put(end.getKey(), new long[] {done, endOffset});
                    largestGap = Math.max(largestGap, endOffset - done);
                }
                if (end.getKey().topic().equals(eventsTopic)) {
                    eventsCommitted += done;
                    eventsEnd += endOffset;
                }
            }
            boolean complete = largestGap <= MAX_MARKER_GAP && gaps.entrySet().stream()
                    .allMatch(gap -> tail.onlyControlRecords(gap.getKey(), gap.getValue()[0], gap.getValue()[1]));
            complete &= eventsEnd > 0;
            return new Progress(eventsCommitted, eventsEnd, allCommitted, complete ? gaps.size() : 0, complete);
        }
    }
}
