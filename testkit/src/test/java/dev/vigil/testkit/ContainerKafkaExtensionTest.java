package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same checks on the released broker image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaExtensionTest extends BrokerChecks {

    @RegisterExtension
    static final ContainerKafkaExtension KAFKA = new ContainerKafkaExtension();

    @Override
    KafkaClusterExtension kafka() {
        return KAFKA;
    }

    @Test
    void runsTheBrokerInDocker() {
        assertThat(KAFKA.mode()).isEqualTo(BrokerMode.TESTCONTAINERS);
    }
}
