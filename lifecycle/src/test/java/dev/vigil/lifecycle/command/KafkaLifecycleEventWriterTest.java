package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.Fixtures;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaLifecycleEventWriterTest {

    private final AlertLifecycleEvent event = Fixtures.acknowledge(Fixtures.alert("a-1"), "alice", Fixtures.T0);
    private final Serializer<AlertLifecycleEvent> values = (topic, value) -> new byte[] {1};

    @Test
    void writesToTheTopicKeyedByAgentId() {
        MockProducer<String, AlertLifecycleEvent> producer = new MockProducer<>(true, null, new StringSerializer(), values);

        new KafkaLifecycleEventWriter(producer, "events-topic", Duration.ofSeconds(1)).write(event);

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("events-topic");
            assertThat(record.key()).isEqualTo(event.getAgentId());
            assertThat(record.value()).isEqualTo(event);
        });
    }

    @Test
    void aSendTheBrokerRefusesIsAWriteFailure() {
        MockProducer<String, AlertLifecycleEvent> producer = new MockProducer<>(false, null, new StringSerializer(), values);
        KafkaLifecycleEventWriter writer = new KafkaLifecycleEventWriter(producer, "events-topic", Duration.ofSeconds(5));
        Thread refuser = new Thread(() -> {
            while (!producer.errorNext(new NotEnoughReplicasException("1 of 3"))) {
                Thread.onSpinWait();
            }
        });
        refuser.start();

        assertThatThrownBy(() -> writer.write(event))
                .isInstanceOf(WriteFailedException.class)
                .hasMessageContaining("events-topic")
                .hasMessageContaining("NotEnoughReplicasException");
    }

    @Test
    void aSendNobodyConfirmsTimesOutAsAWriteFailure() {
        MockProducer<String, AlertLifecycleEvent> producer = new MockProducer<>(false, null, new StringSerializer(), values);

        assertThatThrownBy(() -> new KafkaLifecycleEventWriter(producer, "events-topic", Duration.ofMillis(100)).write(event))
                .isInstanceOf(WriteFailedException.class)
                .hasMessageContaining("100 ms");
    }
}
