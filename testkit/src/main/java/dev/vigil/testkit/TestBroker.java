package dev.vigil.testkit;

/** A running Kafka that tests talk to. */
interface TestBroker extends AutoCloseable {

    String bootstrapServers();

    /** For log lines and failure messages: what kind of broker this is. */
    String description();
}
