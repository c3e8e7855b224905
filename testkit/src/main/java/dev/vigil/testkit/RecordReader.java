package dev.vigil.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads a topic from the beginning with a fresh consumer group until a condition holds. Reads committed records
 * only, as a downstream app of an exactly-once topology would; the values are deserialized here rather than by
 * the consumer so that closing the consumer never closes the caller's deserializer.
 */
final class RecordReader<V> {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final Deserializer<V> deserializer;

    RecordReader(String bootstrapServers, String topic, Deserializer<V> deserializer) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.deserializer = deserializer;
    }

    /** All records read by the time at least {@code count} were there; fails after {@code timeout}. */
    List<ConsumerRecord<String, V>> atLeast(int count, Duration timeout) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        readUntil(seen, () -> seen.size() >= count, timeout,
                () -> "expected " + count + " records on " + topic + " within " + timeout + ", got " + seen.size()
                        + ": " + summary(seen));
        return seen;
    }

    /** The first record that matches; fails after {@code timeout}, listing what was read instead. */
    ConsumerRecord<String, V> first(Predicate<ConsumerRecord<String, V>> matcher, Duration timeout) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        readUntil(seen, () -> seen.stream().anyMatch(matcher), timeout,
                () -> "no record on " + topic + " matched within " + timeout + "; read " + seen.size() + ": "
                        + summary(seen));
        return seen.stream().filter(matcher).findFirst().orElseThrow();
    }

    private void readUntil(List<ConsumerRecord<String, V>> seen, Callable<Boolean> done, Duration timeout,
                           Supplier<String> failure) {
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            consumer.subscribe(List.of(topic));
            Awaitility.await("records on " + topic)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(POLL).forEach(record -> seen.add(deserialize(record)));
                        return done.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure.get(), e);
        }
    }

    private ConsumerRecord<String, V> deserialize(ConsumerRecord<String, byte[]> raw) {
        V value = deserializer.deserialize(raw.topic(), raw.headers(), raw.value());
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
                raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value, raw.headers(),
                raw.leaderEpoch(), Optional.empty());
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "vigil-testkit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String summary(List<? extends ConsumerRecord<String, ?>> records) {
        int shown = Math.min(records.size(), 10);
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            ConsumerRecord<String, ?> r = records.get(i);
            out.append(i == 0 ? "" : ", ").append(r.partition()).append('@').append(r.offset())
                    .append(' ').append(r.key()).append('=').append(r.value());
        }
        return out.append(records.size() > shown ? ", …]" : "]").toString();
    }
}
