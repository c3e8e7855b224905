package dev.vigil.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells whether a range of a partition holds only control records, by reading it as a read_committed consumer
 * would: such a consumer's position moves past markers and aborted records without returning them. Answers are
 * cached, offsets being immutable. Not thread-safe; one per run.
 */
final class TailReader implements CatchUp.TailCheck, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    TailReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public boolean onlyControlRecords(TopicPartition partition, long from, long to) {
        String key = partition + "@" + from + ".." + to;
        Boolean known = answers.get(key);
        if (known != null) {
            return known;
        }
        Boolean answer = read(partition, from, to);
        if (answer == null) {
            return false;
        }
        answers.put(key, answer);
        return answer;
    }

    /** True or false, or null when the reader could not get past an open transaction in time (not cached). */
    private Boolean read(TopicPartition partition, long from, long to) {
        KafkaConsumer<byte[], byte[]> reader = consumer();
        reader.assign(List.of(partition));
        reader.seek(partition, from);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = reader.poll(POLL);
            if (records.records(partition).stream().anyMatch(r -> r.offset() < to)) {
                return false;
            }
            if (reader.position(partition) >= to) {
                return true;
            }
        }
        return null;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                    ConsumerConfig.CLIENT_ID_CONFIG, "vigil-bench-tail-reader"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
