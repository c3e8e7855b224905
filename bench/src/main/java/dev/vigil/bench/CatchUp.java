package dev.vigil.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Streams application has processed everything: its committed offsets equal the end offsets on the
 * events topic and on its own repartition topics (work re-keyed there is not done when the events are). Under
 * exactly-once a committed offset means the outputs of those records are committed too.
 */
final class CatchUp {

    private final Admin admin;
    private final String applicationId;
    private final String eventsTopic;

    CatchUp(Admin admin, String applicationId, String eventsTopic) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.eventsTopic = eventsTopic;
    }

    /** Where the application stands now. */
    Progress progress() throws ExecutionException, InterruptedException {
        Set<String> topics = admin.listTopics().names().get().stream()
                .filter(name -> name.equals(eventsTopic) || isOwnRepartitionTopic(name))
                .collect(Collectors.toSet());
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        return Progress.of(eventsTopic, ends, committed);
    }

    private boolean isOwnRepartitionTopic(String name) {
        return name.startsWith(applicationId + "-") && name.endsWith("-repartition");
    }

    /**
     * @param eventsCommitted sum of committed offsets over the events topic's partitions
     * @param eventsEnd       sum of its end offsets (the number of events, the topic being written once)
     * @param complete        true if every tracked partition's committed offset equals its end offset
     */
    record Progress(long eventsCommitted, long eventsEnd, boolean complete) {

        static Progress of(String eventsTopic, Map<TopicPartition, ListOffsetsResultInfo> ends,
                           Map<TopicPartition, OffsetAndMetadata> committed) {
            long eventsCommitted = 0;
            long eventsEnd = 0;
            boolean complete = true;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long done = offset == null ? 0 : offset.offset();
                complete &= done == end.getValue().offset();
                if (end.getKey().topic().equals(eventsTopic)) {
                    eventsCommitted += done;
                    eventsEnd += end.getValue().offset();
                }
            }
            return new Progress(eventsCommitted, eventsEnd, complete && eventsEnd > 0);
        }
    }
}
