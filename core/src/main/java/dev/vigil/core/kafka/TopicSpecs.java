package dev.vigil.core.kafka;

import dev.vigil.core.config.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * DESIGN.md's topic table as data, so that every app, the CLI and the tests create the same topics.
 * The five topics keyed by {@code agentId} are co-partitioned with the events topic: the topology meets an
 * agent's events, profile, alerts, lifecycle events and status in one task. The events, alerts and dead-letter
 * topics count retention from the broker's append time (see {@link TopicSpec#retainedFromAppendTime()}): their
 * record timestamps are event times, which in a backfill or a replay can be older than the retention itself.
 */
public final class TopicSpecs {

    static final Duration EVENTS_RETENTION = Duration.ofDays(7);
    static final Duration ALERTS_RETENTION = Duration.ofDays(90);
    static final Duration NOTIFICATIONS_RETENTION = Duration.ofDays(30);
    static final Duration SIEM_RETENTION = Duration.ofDays(7);
    static final Duration DLQ_RETENTION = Duration.ofDays(30);

    private TopicSpecs() {
    }

    /** The specs of all eleven topics, the events topic first. */
    public static List<TopicSpec> of(Topics topics) {
        return List.of(
                TopicSpec.deletedAfter(topics.events(), EVENTS_RETENTION, true).retainedFromAppendTime(),
                TopicSpec.compacted(topics.agents(), true),
                TopicSpec.compacted(topics.rules(), false),
                TopicSpec.deletedAfter(topics.alerts(), ALERTS_RETENTION, true).retainedFromAppendTime(),
                TopicSpec.keptForever(topics.alertEvents(), true),
                TopicSpec.compacted(topics.agentStatus(), true),
                TopicSpec.compacted(topics.channels(), false),
                TopicSpec.deletedAfter(topics.notifications(), NOTIFICATIONS_RETENTION, false),
                TopicSpec.deletedAfter(topics.siem(), SIEM_RETENTION, false),
                TopicSpec.deletedAfter(topics.eventsDlq(), DLQ_RETENTION, false).retainedFromAppendTime(),
                TopicSpec.compacted(topics.silences(), false));
    }

    /** The eleven topics as {@link NewTopic}s, all with {@code partitions} partitions. */
    public static List<NewTopic> newTopics(Topics topics, int partitions, short replication) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication must be at least 1, was " + replication);
        }
        return of(topics).stream().map(spec -> spec.newTopic(partitions, replication)).toList();
    }
}
