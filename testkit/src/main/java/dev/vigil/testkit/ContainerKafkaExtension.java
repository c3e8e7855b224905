package dev.vigil.testkit;

/**
 * {@link KafkaClusterExtension} on the {@code apache/kafka} image in Docker, whatever {@code vigil.test.broker}
 * says. Annotate the test class {@code @Testcontainers(disabledWithoutDocker = true)} so it is skipped, not
 * failed, where no Docker engine runs. The image is {@code apache/kafka:4.1.0} unless
 * {@code -Dvigil.test.kafka-image=...} names another.
 */
public final class ContainerKafkaExtension extends KafkaClusterExtension {

    public ContainerKafkaExtension() {
        super(BrokerMode.TESTCONTAINERS);
    }
}
