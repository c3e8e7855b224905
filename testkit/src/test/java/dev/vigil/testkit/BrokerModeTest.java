package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerModeTest {

    @Test
    void defaultsToTheInJvmBroker() {
        assertThat(BrokerMode.parse(null)).isEqualTo(BrokerMode.IN_JVM);
        assertThat(BrokerMode.parse(" ")).isEqualTo(BrokerMode.IN_JVM);
    }

    @Test
    void selectsTestcontainersByName() {
        assertThat(BrokerMode.parse("testcontainers")).isEqualTo(BrokerMode.TESTCONTAINERS);
        assertThat(BrokerMode.parse("Docker")).isEqualTo(BrokerMode.TESTCONTAINERS);
        assertThat(BrokerMode.parse("in-jvm")).isEqualTo(BrokerMode.IN_JVM);
    }

    @Test
    void rejectsAnUnknownModeNamingTheProperty() {
        assertThatThrownBy(() -> BrokerMode.parse("redpanda"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vigil.test.broker")
                .hasMessageContaining("redpanda");
    }
}
