package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Alert;
import dev.vigil.lifecycle.Fixtures;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DecodingProcessorTest {

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();

    private DecodingProcessor<Alert> processor(Deserializer<Alert> deserializer) {
        DecodingProcessor<Alert> processor = new DecodingProcessor<>("decode-test", "alerts", deserializer);
        processor.init(context);
        context.setRecordMetadata("alerts", 0, 7);
        return processor;
    }

    private static Record<String, byte[]> bytes(String text) {
        return new Record<>("agent", text.getBytes(StandardCharsets.UTF_8), 0L);
    }

    @Test
    void forwardsWhatDecodes() {
        Alert alert = Fixtures.alert("a-1");

        processor((topic, data) -> alert).process(bytes("fine"));

        assertThat(context.forwarded()).singleElement()
                .satisfies(f -> assertThat(f.record().value()).isEqualTo(alert));
    }

    @Test
    void countsAndPassesOverBytesThatDoNotDecode() {
        processor((topic, data) -> {
            throw new SerializationException("Unknown magic byte 0x70");
        }).process(bytes("poison"));

        assertThat(context.forwarded()).isEmpty();
        assertThat(count(SkippedRecords.UNDECODABLE)).isEqualTo(1.0);
    }

    @Test
    void anUnreachableRegistryIsThrownNotSkipped() {
        DecodingProcessor<Alert> processor = processor((topic, data) -> {
            throw new SerializationException("Schema registry at http://registry unreachable",
                    new ConnectException("Connection refused"));
        });

        assertThatThrownBy(() -> processor.process(bytes("maybe fine"))).isInstanceOf(SerializationException.class);
        assertThat(count(SkippedRecords.UNDECODABLE)).isZero();
    }

    @Test
    void recognisesNetworkFailuresAnywhereInTheCauseChain() {
        assertThat(DecodingProcessor.isRegistryOutage(new SerializationException("x",
                new RuntimeException(new HttpConnectTimeoutException("slow"))))).isTrue();
        assertThat(DecodingProcessor.isRegistryOutage(new SerializationException("Truncated payload",
                new EOFException()))).isFalse();
        assertThat(DecodingProcessor.isRegistryOutage(
                new dev.vigil.serde.SchemaRegistryUnavailableException("Schema registry answered HTTP 503"))).isTrue();
    }

    private double count(SkippedRecords reason) {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(reason.totalMetric()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
