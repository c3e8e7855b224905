package dev.vigil.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker plus the clients every test shares (one admin, one producer), living as long as the test run. Kept
 * in JUnit's root store so that all test classes of a module reuse one broker; JUnit closes it at the end.
 */
final class KafkaSession implements ExtensionContext.Store.CloseableResource {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSession.class);

    private final TestBroker broker;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    private KafkaSession(TestBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "vigil-testkit-producer"),
                new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaSession start(BrokerMode mode) {
        long started = System.nanoTime();
        TestBroker broker = switch (mode) {
            case IN_JVM -> InJvmKafkaCluster.start();
            case TESTCONTAINERS -> ContainerKafkaBroker.start();
        };
        LOG.info("Started {} in {} ms", broker.description(), (System.nanoTime() - started) / 1_000_000);
        return new KafkaSession(broker);
    }

    TestBroker broker() {
        return broker;
    }

    Admin admin() {
        return admin;
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() throws Throwable {
        try (broker; admin; producer) {
            LOG.info("Stopping {}", broker.description());
        }
    }
}
