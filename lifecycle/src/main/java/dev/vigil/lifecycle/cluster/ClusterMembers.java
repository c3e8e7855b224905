package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.LifecycleTopology;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The group of lifecycle instances as Kafka Streams' metadata describes it: who hosts which partitions of
 * {@value LifecycleTopology#ALERT_VIEW_STORE} (and so of the incident view, which lives in the same tasks), who hosts
 * an alert's delivery records, and who leads writes. The leader is the active host of the store's
 * partition 0: every instance computes the same answer from the same assignment, and it moves only with a
 * rebalance. While Kafka Streams is not RUNNING (starting, rebalancing) the metadata may be stale, so nothing is
 * answered from it: reads get {@link ViewUnavailableException}, and there is no leader.
 */
public final class ClusterMembers {

    private static final StreamPartitioner<Object, Object> PARTITION_ZERO = (topic, key, value, partitions) ->
            Optional.of(Set.of(0));

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String alertsTopic;

    /** @param alertsTopic the alert view's source topic, whose partition numbers are the store's */
    public ClusterMembers(KafkaStreams streams, HostInfo self, String alertsTopic) {
        this.streams = streams;
        this.self = self;
        this.alertsTopic = alertsTopic;
    }

    public HostInfo self() {
        return self;
    }

    /** The other instances hosting a part of the alert view. */
    public List<Member> others() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new ViewUnavailableException("which instances hold the alert view is not known while Kafka Streams "
                    + "is " + state, null);
        }
        return streams.metadataForAllStreamsClients().stream()
                .filter(m -> m.stateStoreNames().contains(LifecycleTopology.ALERT_VIEW_STORE))
                .filter(m -> !m.hostInfo().equals(self))
                .map(this::member)
                .toList();
    }

    private Member member(StreamsMetadata metadata) {
        return new Member(metadata.hostInfo(), metadata.topicPartitions().stream()
                .filter(tp -> tp.topic().equals(alertsTopic))
                .map(tp -> tp.partition())
                .collect(Collectors.toSet()));
    }

    /**
     * The other instance hosting the partition of {@value LifecycleTopology#NOTIFICATION_VIEW_STORE} that holds
     * {@code alertId}'s records (the partition of the key on {@code vigil.notifications.v1}); empty when it is this
     * one. {@link ViewUnavailableException} while that is not known (not RUNNING, the partition between hosts).
     */
    public Optional<Member> hostOfNotifications(String alertId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw notificationsUnknown("Kafka Streams is " + state, null);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(LifecycleTopology.NOTIFICATION_VIEW_STORE, alertId,
                    Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            throw notificationsUnknown(e.getMessage(), e);
        }
        HostInfo active = metadata == null ? null : metadata.activeHost();
        if (active == null || active.equals(HostInfo.unavailable())) {
            throw notificationsUnknown("no instance hosts its partition right now", null);
        }
        return active.equals(self) ? Optional.empty() : Optional.of(new Member(active, Set.of(metadata.partition())));
    }

    private static ViewUnavailableException notificationsUnknown(String reason, Throwable cause) {
        return new ViewUnavailableException("notification view", "which instance holds an alert's notifications is "
                + "not known: " + reason, cause);
    }

    /** The instance that writes lifecycle events now; empty while it is not known. */
    public Optional<HostInfo> leader() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(LifecycleTopology.ALERT_VIEW_STORE, "", PARTITION_ZERO);
        } catch (StreamsException | IllegalStateException e) {
            return Optional.empty();
        }
        HostInfo active = metadata.activeHost();
        return active == null || active.equals(HostInfo.unavailable()) ? Optional.empty() : Optional.of(active);
    }
}
