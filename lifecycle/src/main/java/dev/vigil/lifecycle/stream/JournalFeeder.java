package dev.vigil.lifecycle.stream;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the live stream's {@link EventJournal} from every partition of the alerts and lifecycle topics, with a consumer
 * of its own: assigned, not subscribed (no group, nothing committed), reading committed records only. So every
 * instance of the lifecycle service streams every event, whichever instance hosts the partition's view.
 *
 * <p>It starts at the topics' end: the journal is new with each start, and a client that comes back with an id of the
 * previous run gets a {@code stream.gap} anyway. Partitions added to a topic later are picked up within
 * {@link #REFRESH}, from their beginning. A record that does not decode is passed over (the views count it); while
 * the schema registry does not answer, the feeder waits and reads the same record again, so no event is skipped.
 */
public final class JournalFeeder implements AutoCloseable {

    static final Duration REFRESH = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(JournalFeeder.class);

    private final Map<String, Object> kafkaProperties;
    private final String alertsTopic;
    private final String eventsTopic;
    private final Deserializer<Alert> alerts;
    private final Deserializer<AlertLifecycleEvent> events;
    private final EventJournal journal;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Consumer<byte[], byte[]> consumer;

    public JournalFeeder(Map<String, Object> kafkaProperties, String alertsTopic, String eventsTopic,
                         Deserializer<Alert> alerts, Deserializer<AlertLifecycleEvent> events, EventJournal journal) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.alertsTopic = alertsTopic;
        this.eventsTopic = eventsTopic;
        this.alerts = alerts;
        this.events = events;
        this.journal = journal;
        this.thread = new Thread(this::run, "lifecycle-stream-feeder");
        this.thread.setDaemon(true);
    }

    /** Opens the consumer at the topics' end and starts feeding on a thread of its own. */
    public void start() {
        Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);   // fix the start now, before anything is produced after start()
        thread.start();
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(alertsTopic, eventsTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(info -> all.add(new TopicPartition(topic, info.partition())));
        }
        return all;
    }

    private void run() {
        long nextRefresh = System.nanoTime() + REFRESH.toNanos();
        while (!closed) {
            try {
                if (System.nanoTime() - nextRefresh > 0) {
                    refresh();
                    nextRefresh = System.nanoTime() + REFRESH.toNanos();
                }
                feed();
            } catch (WakeupException e) {
                // close() woke the poll
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("The live stream's feeder could not read the topics ({}); retrying in {}", e.toString(), BACKOFF);
                    sleep();
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void feed() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            try {
                append(record);
            } catch (SchemaRegistryUnavailableException e) {
                LOG.warn("The schema registry does not answer; the live stream waits and reads {}-{}@{} again",
                        record.topic(), record.partition(), record.offset());
                consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                sleep();
                return;
            }
        }
    }

    private void append(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(alertsTopic)) {
                journal.append(StreamEvents.of(alerts.deserialize(record.topic(), record.value())));
            } else {
                StreamEvents.of(events.deserialize(record.topic(), record.value())).ifPresent(journal::append);
            }
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (SerializationException e) {
            // not a record of ours: the views count it as undecodable; the stream has nothing to show
        }
    }

    /** Assigns partitions added since, from their beginning. */
    private void refresh() {
        Set<TopicPartition> known = new HashSet<>(consumer.assignment());
        List<TopicPartition> now = partitions();
        List<TopicPartition> added = now.stream().filter(tp -> !known.contains(tp)).toList();
        if (!added.isEmpty()) {
            consumer.assign(now);
            consumer.seekToBeginning(added);
            LOG.info("The live stream now also reads {}", added);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops feeding and closes the consumer. */
    @Override
    public void close() {
        closed = true;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
