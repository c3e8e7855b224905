package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InJvmKafkaClusterTest extends BrokerChecks {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(BrokerMode.IN_JVM);

    @Override
    KafkaClusterExtension kafka() {
        return KAFKA;
    }

    @Test
    void runsOneBrokerOnAFreeLocalPort() throws Exception {
        assertThat(KAFKA.bootstrapServers()).matches("localhost:\\d+").doesNotEndWith(":9092");
        assertThat(KAFKA.adminClient().describeCluster().nodes().get()).hasSize(1);
    }
}
