package dev.vigil.notifier.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UndecodableAlertTest {

    @Test
    void aRegistryThatAnswers503OrCannotBeReachedIsWaitedFor() {
        assertThat(UndecodableAlert.isTransient(new SchemaRegistryUnavailableException("HTTP 503 Service Unavailable"))).isTrue();
        assertThat(UndecodableAlert.isTransient(new SerializationException("x", new ConnectException("refused")))).isTrue();
    }

    @Test
    void aCorruptRecordIsNotWaitedFor() {
        assertThat(UndecodableAlert.isTransient(new SerializationException("Corrupt payload on vigil.alerts.v1"))).isFalse();
    }
}
