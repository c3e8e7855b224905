package dev.vigil.lifecycle.audit;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the whole lifecycle topic, every partition from its first record up to where it ended when the read began
 * (so the read finishes while others keep writing), into {@link ChainLinks}. The consumer is assigned, not
 * subscribed: it has no group, commits nothing and reads committed records only. A record that does not decode is
 * counted as unreadable; a schema registry that does not answer fails the read.
 */
public final class LifecycleTopicReader {

    /** Hears how far a read has come; both calls have no-op defaults. */
    public interface Listener {
        /** The read is about to begin; {@code records} is how many it will cover at most. */
        default void started(long records) {
        }

        /** {@code records} have been read so far. */
        default void read(long records) {
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<String, Object> kafkaProperties;
    private final Deserializer<AlertLifecycleEvent> values;
    private final Duration patience;

    /**
     * @param kafkaProperties the client settings ({@code bootstrap.servers} and the {@code kafka.*} keys); a group id
     *                        among them is ignored
     * @param patience        how long a read may go without progress (and each metadata call may take) before it fails
     */
    public LifecycleTopicReader(Map<String, Object> kafkaProperties, Deserializer<AlertLifecycleEvent> values,
                                Duration patience) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.values = values;
        this.patience = patience;
    }

    /** A reader with the lifecycle service's Kafka settings and serdes, named {@code <application.id>-audit}. */
    public static LifecycleTopicReader of(LifecycleConfig config) {
        Map<String, Object> props = new HashMap<>(CommonConfig.kafkaProperties(config));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-audit");
        return new LifecycleTopicReader(props,
                CommonConfig.serdes(config).valueSerde(AlertLifecycleEvent.class).deserializer(), PATIENCE);
    }

    /** Reads {@code topic} into {@code into}, keeping only the events of the tenants {@code tenants} accepts. */
    public void read(String topic, ChainLinks into, Predicate<String> tenants, Listener listener) {
        try (Consumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, patience));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, patience);
            consumer.seekToBeginning(partitions);
            listener.started(end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
            long read = 0;
            long deadline = System.nanoTime() + patience.toNanos();
            while (!reachedEnd(consumer, end)) {
                var batch = consumer.poll(POLL);
                if (!batch.isEmpty()) {
                    deadline = System.nanoTime() + patience.toNanos();
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    Long stop = end.get(new TopicPartition(record.topic(), record.partition()));
                    if (stop != null && record.offset() < stop) {
                        take(record, into, tenants);
                        read++;
                    }
                }
                listener.read(read);
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read " + topic + " to its end: no progress for " + patience
                            + ", still to read " + end);
                }
            }
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record, ChainLinks into, Predicate<String> tenants) {
        EventLocation at = new EventLocation(record.topic(), record.partition(), record.offset());
        AlertLifecycleEvent event;
        try {
            event = record.value() == null ? null : values.deserialize(record.topic(), record.value());
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (SerializationException e) {
            event = null;
        }
        if (event == null) {
            into.unreadable(at);
        } else if (tenants.test(event.getTenantId())) {
            into.accept(event, at);
        }
    }

    private Consumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-audit-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, patience);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /** Drops the partitions read to their end; true when none is left. */
    private boolean reachedEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), patience) >= e.getValue());
        return end.isEmpty();
    }
}
