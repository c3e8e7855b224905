package dev.vigil.core.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How one Vigil topic must look: its name, the topic configs it is created with, and whether it is keyed by
 * {@code agentId} and so must have as many partitions as the events topic (the topology joins them per agent).
 *
 * @param name          the topic name
 * @param configs       topic-level configs, always with {@code cleanup.policy}
 * @param coPartitioned true if the topic must match the events topic's partition count
 */
public record TopicSpec(String name, Map<String, String> configs, boolean coPartitioned) {

    /** {@code retention.ms} meaning "keep forever". */
    public static final long INFINITE_RETENTION_MS = -1L;

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (!configs.containsKey(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            throw new IllegalArgumentException("topic " + name + " needs a cleanup.policy");
        }
        configs = Map.copyOf(configs);
    }

    /** A compacted topic: the latest value per key is the state (profiles, rules, statuses, channels). */
    public static TopicSpec compacted(String name, boolean coPartitioned) {
        return new TopicSpec(name, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                coPartitioned);
    }

    /** A log whose records are deleted after {@code retention}. */
    public static TopicSpec deletedAfter(String name, Duration retention, boolean coPartitioned) {
        return withRetentionMs(name, retention.toMillis(), coPartitioned);
    }

    /** A log that is never trimmed: an audit trail. */
    public static TopicSpec keptForever(String name, boolean coPartitioned) {
        return withRetentionMs(name, INFINITE_RETENTION_MS, coPartitioned);
    }

    private static TopicSpec withRetentionMs(String name, long retentionMs, boolean coPartitioned) {
        return new TopicSpec(name, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)), coPartitioned);
    }

    /**
     * The same topic, its retention counted from when the broker appended each record rather than from the
     * producer's timestamp. For topics that take in data whose producers may stamp records with the time the
     * event happened (a backfill of last month's events): with the producer's time, the broker would delete such
     * records as soon as it checks retention, possibly before Vigil has read them. Vigil never reads event time
     * from these record timestamps; it reads {@code occurredAt} from the value.
     */
    public TopicSpec retainedFromAppendTime() {
        Map<String, String> withAppendTime = new java.util.HashMap<>(configs);
        withAppendTime.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        return new TopicSpec(name, withAppendTime, coPartitioned);
    }

    public String cleanupPolicy() {
        return configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }

    public boolean compacted() {
        return isCompacting(cleanupPolicy());
    }

    /** {@code retention.ms}, absent for compacted topics (time retention does not apply to them). */
    public Optional<Long> retentionMs() {
        return Optional.ofNullable(configs.get(TopicConfig.RETENTION_MS_CONFIG)).map(Long::parseLong);
    }

    public NewTopic newTopic(int partitions, short replication) {
        return new NewTopic(name, partitions, replication).configs(configs);
    }

    /** True if a {@code cleanup.policy} value (a list such as {@code compact,delete}) includes compaction. */
    static boolean isCompacting(String cleanupPolicy) {
        return cleanupPolicy != null && List.of(cleanupPolicy.replace(" ", "").split(","))
                .contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
