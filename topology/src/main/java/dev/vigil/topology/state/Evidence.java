package dev.vigil.topology.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What an open alert can point to: the first {@value #MAX_EVENT_IDS} triggering event ids and the offset range
 * they span on one topic-partition (the first one seen; an agent's events all live on one partition).
 * Bounded whatever the number of repeats.
 */
public final class Evidence {

    public static final int MAX_EVENT_IDS = 20;

    private final List<String> eventIds;
    private String topic;
    private int partition = -1;
    private long firstOffset = -1;
    private long lastOffset = -1;

    public Evidence() {
        this.eventIds = new ArrayList<>();
    }

    Evidence(List<String> eventIds, String topic, int partition, long firstOffset, long lastOffset) {
        this.eventIds = new ArrayList<>(eventIds);
        this.topic = topic;
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.lastOffset = lastOffset;
    }

    /** Adds an event; its id only while there is room, its offset only when on the same topic-partition. */
    public void add(String eventId, String sourceTopic, int sourcePartition, long offset) {
        if (eventIds.size() < MAX_EVENT_IDS && !eventIds.contains(eventId)) {
            eventIds.add(eventId);
        }
        if (sourceTopic == null || offset < 0) {
            return;
        }
        if (topic == null) {
            topic = sourceTopic;
            partition = sourcePartition;
            firstOffset = offset;
            lastOffset = offset;
        } else if (topic.equals(sourceTopic) && partition == sourcePartition) {
            firstOffset = Math.min(firstOffset, offset);
            lastOffset = Math.max(lastOffset, offset);
        }
    }

    public List<String> eventIds() {
        return Collections.unmodifiableList(eventIds);
    }

    /** Null when no event came with an origin. */
    public String topic() {
        return topic;
    }

    /** -1 when unknown. */
    public int partition() {
        return partition;
    }

    /** -1 when unknown. */
    public long firstOffset() {
        return firstOffset;
    }

    /** -1 when unknown. */
    public long lastOffset() {
        return lastOffset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence e && eventIds.equals(e.eventIds) && Objects.equals(topic, e.topic)
                && partition == e.partition && firstOffset == e.firstOffset && lastOffset == e.lastOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventIds, topic, partition, firstOffset, lastOffset);
    }

    @Override
    public String toString() {
        return "Evidence{" + eventIds + " " + topic + "-" + partition + "@" + firstOffset + ".." + lastOffset + "}";
    }
}
