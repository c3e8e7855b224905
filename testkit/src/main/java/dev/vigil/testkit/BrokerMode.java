package dev.vigil.testkit;

import java.util.Locale;

/**
 * Where the test broker runs. In-JVM is the default because it needs nothing but the JVM; Testcontainers runs the
 * released broker image, for a check against the real distribution on machines with Docker.
 */
public enum BrokerMode {
    /** A KRaft cluster inside the test JVM (Kafka's own {@code KafkaClusterTestKit}). */
    IN_JVM,
    /** The {@code apache/kafka} image through Testcontainers; needs a Docker engine. */
    TESTCONTAINERS;

    /** System property choosing the mode for {@code new KafkaClusterExtension()}: {@code in-jvm} or {@code testcontainers}. */
    public static final String PROPERTY = "vigil.test.broker";

    /** The mode named by {@link #PROPERTY}, {@link #IN_JVM} if it is unset. */
    public static BrokerMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    static BrokerMode parse(String value) {
        if (value == null || value.isBlank()) {
            return IN_JVM;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "in-jvm", "injvm", "in_jvm", "kraft" -> IN_JVM;
            case "testcontainers", "docker", "container" -> TESTCONTAINERS;
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be in-jvm or testcontainers, was '" + value + "'");
        };
    }
}
