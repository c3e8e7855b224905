package dev.vigil.notifier.consume;

import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a compacted topic (channel configs, silences) mirrored in memory on a thread of its own: it reads every
 * partition from the beginning, without a consumer group (every notifier instance needs all of it), hands each
 * record to {@code apply} — the decoded value, or null for a tombstone — and then follows the topic for changes.
 * {@link #awaitLoaded} returns once everything that was on the topic at start has been applied, so the notifier does
 * not deliver before it knows its channels and silences.
 *
 * <p>A record that cannot be decoded is given to {@code onBad} (to be logged and counted) and skipped. An unreachable
 * schema registry is not a bad record: the mirror pauses and reads the record again.
 */
public final class TopicMirror<V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicMirror.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REGISTRY_PAUSE = Duration.ofSeconds(2);

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Deserializer<V> decoder;
    private final BiConsumer<String, V> apply;
    private final BiConsumer<ConsumerRecord<String, byte[]>, String> onBad;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile Consumer<String, byte[]> consumer;
    private volatile String failure;
    private Thread thread;

    /**
     * @param consumers makes the consumer (no group id, no auto-commit); the mirror owns and closes it
     * @param apply     called on the mirror's thread, in order per partition, with the key and the value or null
     * @param onBad     called with a record that cannot be decoded and the problem
     */
    public TopicMirror(String topic, Supplier<Consumer<String, byte[]>> consumers, Deserializer<V> decoder,
                       BiConsumer<String, V> apply, BiConsumer<ConsumerRecord<String, byte[]>, String> onBad) {
        this.topic = topic;
        this.consumers = consumers;
        this.decoder = decoder;
        this.apply = apply;
        this.onBad = onBad;
    }

    public void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the records on the topic at start are applied; false after {@code timeout} or if the mirror failed. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    /** Why the mirror stopped following the topic, or null while it follows it. */
    public String failure() {
        return failure;
    }

    private void run() {
        try (Consumer<String, byte[]> c = consumers.get()) {
            consumer = c;
            List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
            markLoadedIfAt(c, end);
            while (!stopped) {
                ConsumerRecords<String, byte[]> batch = c.poll(POLL);
                for (TopicPartition partition : batch.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : batch.records(partition)) {
                        if (!handle(record)) {
                            c.seek(partition, record.offset());
                            pause();
                            break;
                        }
                    }
                }
                markLoadedIfAt(c, end);
            }
        } catch (WakeupException e) {
            if (!stopped) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            loaded.countDown();
        }
    }

    private void fail(RuntimeException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.error("Stopped following {}: {}", topic, failure, e);
    }

    private void markLoadedIfAt(Consumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        if (loaded.getCount() == 0) {
            return;
        }
        end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
        if (end.isEmpty()) {
            loaded.countDown();
        }
    }

    /** False when the record must be read again later (registry unreachable). */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            apply.accept(record.key(), null);
            return true;
        }
        V value;
        try {
            value = decoder.deserialize(record.topic(), record.headers(), record.value());
        } catch (SchemaRegistryUnavailableException e) {
            LOG.warn("Cannot read {} yet (schema registry unreachable); retrying: {}", topic, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            onBad.accept(record, e.getClass().getSimpleName() + ": " + e.getMessage());
            return true;
        }
        try {
            apply.accept(record.key(), value);
        } catch (RuntimeException e) {
            onBad.accept(record, e.getMessage());
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(REGISTRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @Override
    public void close() {
        stopped = true;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
