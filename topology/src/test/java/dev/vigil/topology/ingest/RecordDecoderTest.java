package dev.vigil.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private static final byte[] KEY = "agent".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0, 0, 0, 0, 1, 2};

    private static RecordDecoder<String> decoderThatThrows(RuntimeException failure) {
        Deserializer<String> deserializer = (topic, data) -> {
            throw failure;
        };
        return new RecordDecoder<>("AgentEvent", deserializer, value -> { });
    }

    @Test
    void aBadRecordIsAFailureValueForTheDeadLetterTopic() {
        Decoded<String> decoded = decoderThatThrows(new SerializationException("Unknown magic byte 0x7b")).decode("events", KEY, VALUE);

        assertThat(decoded.failed()).isTrue();
        assertThat(decoded.failure().reason()).contains("Unknown magic byte 0x7b");
    }

    @Test
    void anUnavailableRegistryIsNotTheRecordsFaultAndIsThrownForARetry() {
        RecordDecoder<String> decoder = decoderThatThrows(new SchemaRegistryUnavailableException("registry unreachable"));

        assertThatThrownBy(() -> decoder.decode("events", KEY, VALUE)).isInstanceOf(SchemaRegistryUnavailableException.class);
    }
}
