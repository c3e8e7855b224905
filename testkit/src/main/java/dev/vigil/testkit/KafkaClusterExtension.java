package dev.vigil.testkit;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for tests. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension kafka = new KafkaClusterExtension();
 * }</pre>
 *
 * <p>The broker starts once per test JVM (the first class that needs it starts it; JUnit stops it when the run
 * ends), so a module's tests pay the start-up once. Tests share the broker, so each test takes its own topic
 * names ({@link #uniqueTopics()}, {@link #uniqueName}), registry ({@link #registryUrl()}) and application ids.
 *
 * <p>The broker runs inside the JVM unless the system property {@code vigil.test.broker=testcontainers} asks for
 * the {@code apache/kafka} image in Docker (see {@link ContainerKafkaExtension}).
 */
public class KafkaClusterExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final short REPLICATION = 1;

    private final BrokerMode mode;
    private volatile KafkaSession session;

    /** A broker of the mode chosen by {@code -Dvigil.test.broker} (in-JVM when unset). */
    public KafkaClusterExtension() {
        this(BrokerMode.fromSystemProperty());
    }

    protected KafkaClusterExtension(BrokerMode mode) {
        this.mode = mode;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        attach(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        attach(context);
    }

    private void attach(ExtensionContext context) {
        if (session == null) {
            session = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(mode, KafkaSession::start, KafkaSession.class);
        }
    }

    public BrokerMode mode() {
        return mode;
    }

    /** {@code host:port} of the broker, for any Kafka client or Streams app. */
    public String bootstrapServers() {
        return session().broker().bootstrapServers();
    }

    /** The client properties a test needs to reach the broker; add your own to a copy. */
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** The shared admin client. It belongs to the extension: do not close it. */
    public Admin adminClient() {
        return session().admin();
    }

    /** {@code prefix-<random>}: a topic, group or application id no other test uses. */
    public String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The eleven Vigil topic names with one random suffix, e.g. {@code vigil.events.v1-ab12cd34}. Not created. */
    public Topics uniqueTopics() {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        Topics d = Topics.defaults();
        return new Topics(d.events() + suffix, d.agents() + suffix, d.rules() + suffix, d.alerts() + suffix,
                d.alertEvents() + suffix, d.agentStatus() + suffix, d.channels() + suffix,
                d.notifications() + suffix, d.siem() + suffix, d.eventsDlq() + suffix, d.silences() + suffix);
    }

    /** Creates the eleven topics as production does ({@link TopicBootstrap}), replication 1; returns {@code topics}. */
    public Topics createVigilTopics(Topics topics, int partitions) {
        TopicBootstrap.ensure(adminClient(), topics, partitions, REPLICATION, CLIENT_TIMEOUT);
        return topics;
    }

    /** Creates one plain topic (delete policy unless {@code configs} say otherwise); returns its name. */
    public String createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, REPLICATION).configs(configs);
        await(adminClient().createTopics(List.of(topic)).all(), "create topic " + name);
        return name;
    }

    /** A fresh {@code mem://test-<random>} schema registry URL, so tests never see each other's schema ids. */
    public String registryUrl() {
        return "mem://" + uniqueName("test");
    }

    /** Serializes {@code value} as the topic's producer would and sends it; returns once the broker acked it. */
    public <V> RecordMetadata produce(String topic, String key, V value, Serializer<V> serializer) {
        Headers headers = new RecordHeaders();
        byte[] bytes = serializer.serialize(topic, headers, value);
        return send(new ProducerRecord<>(topic, null, key, bytes, headers));
    }

    /** Sends raw bytes (a poison pill, a foreign format); returns once the broker acked them. */
    public RecordMetadata produceBytes(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends raw bytes with headers; returns once the broker acked them. */
    public RecordMetadata produceBytes(String topic, String key, byte[] value, Headers headers) {
        return send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    /**
     * Reads {@code topic} from the beginning (committed records only) until at least {@code count} records are
     * there, and returns all records read by then, in order per partition.
     *
     * @throws AssertionError if fewer than {@code count} arrive within {@code timeout}, listing those that did
     */
    public <V> List<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> deserializer, int count,
                                                       Duration timeout) {
        return new RecordReader<>(bootstrapServers(), topic, deserializer).atLeast(count, timeout);
    }

    /**
     * Reads {@code topic} from the beginning (committed records only) until a record matches.
     *
     * @throws AssertionError if none matches within {@code timeout}, listing the records read
     */
    public <V> ConsumerRecord<String, V> awaitRecord(String topic, Deserializer<V> deserializer,
                                                     Predicate<ConsumerRecord<String, V>> matcher, Duration timeout) {
        return new RecordReader<>(bootstrapServers(), topic, deserializer).first(matcher, timeout);
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        return await(session().producer().send(record), "send a record to " + record.topic());
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not " + what + " within " + CLIENT_TIMEOUT, e);
        }
    }

    private KafkaSession session() {
        KafkaSession current = session;
        if (current == null) {
            throw new IllegalStateException("The Kafka broker is not started yet: register KafkaClusterExtension"
                    + " with @RegisterExtension on a static field and use it from tests, not from field initializers");
        }
        return current;
    }
}
