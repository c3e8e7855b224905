package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.serde.SchemaRegistries;
import dev.vigil.topology.ingest.DeadLetterHeaders;
import dev.vigil.topology.ingest.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Poison pills: each one lands on the DLQ as it was read, with the reason in headers, and the next record goes on. */
class DeadLetterTest {

    private static final String AGENT = "did:web:agents.example.com:ghost";
    private static final Instant RECORD_TIME = Instant.parse("2026-03-01T00:00:00Z");

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    /** {@code eventTime}: whether the value's own occurredAt was readable, and so became the record's time. */
    record Pill(String name, Function<TopologyHarness, byte[]> bytes, String reason, String errorClass, String code,
                boolean eventTime) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> poisonPills() {
        return Stream.of(
                new Pill("raw garbage", t -> "this is not avro".getBytes(StandardCharsets.UTF_8),
                        "Cannot read the value as AgentEvent: Unknown magic byte 0x74", SerializationException.class.getName(), "undecodable", false),
                new Pill("wrong magic byte", t -> withFirstByte(t.bytes(Events.toolCall("x", AGENT, T0)), (byte) 1),
                        "Cannot read the value as AgentEvent: Unknown magic byte 0x01", SerializationException.class.getName(), "undecodable", false),
                new Pill("truncated header", t -> new byte[] {0, 0, 1},
                        "Cannot read the value as AgentEvent: Truncated", SerializationException.class.getName(), "undecodable", false),
                new Pill("valid Avro with a blank agentId", t -> t.bytes(Events.toolCall("x", " ", T0)),
                        "Invalid AgentEvent: agentId is missing or blank", InvalidRecordException.class.getName(), "invalid", true),
                new Pill("valid Avro of a schema without agentId", DeadLetterTest::withoutAgentId,
                        "Cannot read the value as AgentEvent", SerializationException.class.getName(), "undecodable", false),
                new Pill("an event from before 1970", t -> t.bytes(Events.toolCall("x", AGENT, Instant.ofEpochMilli(-5))),
                        "Invalid AgentEvent: occurredAt is missing or before 1970-01-01", InvalidRecordException.class.getName(), "invalid", false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poisonPills")
    void poisonPillLandsOnTheDlqAsReadWithTheReasonAndTheNextRecordIsProcessed(Pill pill) {
        byte[] key = "original-key".getBytes(StandardCharsets.UTF_8);
        byte[] value = pill.bytes().apply(topology);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));

        topology.sendRaw(key, value, headers, RECORD_TIME);
        topology.send(Events.toolCall("good", AGENT, T0));

        List<TestRecord<byte[], byte[]>> dead = topology.deadLetters();
        assertThat(dead).hasSize(1);
        TestRecord<byte[], byte[]> record = dead.get(0);
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.value()).isEqualTo(value);
        assertThat(record.getRecordTime()).as("event time when readable, else the record's own timestamp")
                .isEqualTo(pill.eventTime() ? T0 : RECORD_TIME);
        assertThat(header(record, "traceparent")).isEqualTo("00-abc-01");
        assertThat(header(record, DeadLetterHeaders.REASON)).contains(pill.reason());
        assertThat(header(record, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(pill.errorClass());
        assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("vigil.events.v1");
        assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(topology.counter("vigil.dlq", "reason", pill.code())).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getEvidence).extracting(e -> e.getEventIds())
                .as("the good record after the pill is detected").containsExactly(List.of("good"));
    }

    @Test
    void tombstoneLandsOnTheDlqWithItsKey() {
        topology.sendRaw("k".getBytes(StandardCharsets.UTF_8), null, new RecordHeaders(), RECORD_TIME);

        List<TestRecord<byte[], byte[]>> dead = topology.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.get(0).value()).isNull();
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("tombstone");
        assertThat(topology.counter("vigil.dlq", "reason", "tombstone")).isEqualTo(1);
    }

    @Test
    void offsetHeaderPointsAtThePoisonPill() {
        topology.send(Events.toolCall("good-1", AGENT, T0));
        topology.send(Events.toolCall("good-2", AGENT, T0.plusSeconds(1)));
        topology.sendRaw(null, new byte[] {9, 9, 9, 9, 9, 9}, new RecordHeaders(), RECORD_TIME);

        TestRecord<byte[], byte[]> record = topology.deadLetters().get(0);
        assertThat(record.key()).isNull();
        assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
    }

    @Test
    void unreadableLifecycleEventLandsOnTheDlqNamingItsTopic() {
        topology.sendLifecycleRaw(AGENT.getBytes(StandardCharsets.UTF_8), "{\"action\":\"RESOLVE\"}".getBytes(StandardCharsets.UTF_8));

        List<TestRecord<byte[], byte[]>> dead = topology.deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("vigil.alert-events.v1");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).startsWith("Cannot read the value as AlertLifecycleEvent");
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] withFirstByte(byte[] bytes, byte first) {
        byte[] copy = bytes.clone();
        copy[0] = first;
        return copy;
    }

    /** Well-formed wire-format Avro whose registered writer schema has no agentId (so the reader cannot resolve it). */
    private static byte[] withoutAgentId(TopologyHarness topology) {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "AgentEvent", "namespace": "dev.vigil.avro",
                 "fields": [{"name": "eventId", "type": "string"}, {"name": "tenantId", "type": "string"}]}""");
        int id = SchemaRegistries.forUrl(topology.registryUrl).register("vigil.events.v1-value", schema);
        GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", "e-1");
        record.put("tenantId", Events.TENANT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
