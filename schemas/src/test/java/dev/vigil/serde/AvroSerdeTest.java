package dev.vigil.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String TOPIC = "vigil.events.v1";

    private final MemorySchemaRegistry registry = MemorySchemaRegistry.isolated();
    private final AvroSerde<AgentEvent> events = new AvroSerde<>(AgentEvent.class, registry);

    /** A registry that hands out one fixed id, counting how often it is asked. */
    private static final class FixedIdRegistry implements SchemaRegistryClient {
        private final int id;
        private final AtomicInteger registrations = new AtomicInteger();

        FixedIdRegistry(int id) {
            this.id = id;
        }

        @Override
        public int register(String subject, Schema schema) {
            registrations.incrementAndGet();
            return id;
        }

        @Override
        public Schema schemaById(int requested) {
            return Geo.getClassSchema();
        }
    }

    static AgentEvent receipt() {
        return AgentEvent.newBuilder().setEventId("e-1").setTenantId("t1").setAgentId("did:web:a").setPrincipalId(null)
                .setOccurredAt(Instant.parse("2026-11-20T10:15:30.123Z")).setSourceIp("10.0.0.1")
                .setGeo(new Geo("US", null)).setOutcome(Outcome.success)
                .setPayload(new ReceiptPayload("r-1", "openai", "gpt-4o", 100L, 20L, new BigDecimal("0.080000"), null, "k1", null))
                .build();
    }

    @Test
    void writesTheConfluentWireFormatByteForByte() {
        // magic 00 | id 7 as 4 bytes big-endian | country: union branch 1 (zig-zag 02), length 2 (zig-zag 04), 'U' 'S'
        // | region: union branch 0 (null, zig-zag 00)
        byte[] bytes = new AvroSerializer<Geo>(new FixedIdRegistry(7)).serialize("t", new Geo("US", null));
        assertThat(HexFormat.ofDelimiter(" ").formatHex(bytes)).isEqualTo("00 00 00 00 07 02 04 55 53 00");
    }

    @Test
    void readsTheBytesItWroteBack() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        assertThat(events.deserializer().deserialize(TOPIC, bytes)).isEqualTo(receipt());
    }

    @Test
    void registersTheSchemaUnderTheTopicSubjectOncePerTopic() {
        FixedIdRegistry counting = new FixedIdRegistry(3);
        AvroSerializer<Geo> serializer = new AvroSerializer<>(counting);
        serializer.serialize("a", new Geo("US", null));
        serializer.serialize("a", new Geo("DE", null));
        assertThat(counting.registrations).hasValue(1);

        events.serializer().serialize(TOPIC, receipt());
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(events.serializer().serialize(TOPIC, null)).isNull();
        assertThat(events.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void aWrongMagicByteSaysSo() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        bytes[0] = 1;
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x01").hasMessageContaining(TOPIC);
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, "{\"type\":\"tool_call\"}".getBytes()))
                .hasMessageContaining("Unknown magic byte 0x7b");
    }

    @Test
    void anUnknownSchemaIdSaysSo() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        ByteBuffer.wrap(bytes, 1, 4).putInt(4242);
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 4242");
    }

    @Test
    void aTruncatedHeaderSaysSo() {
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Truncated header").hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, new byte[0]))
                .hasMessageContaining("Truncated header");
    }

    @Test
    void aHeaderWithoutPayloadSaysSo() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 5)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Truncated payload").hasMessageContaining("no Avro payload");
    }

    @Test
    void aPayloadCutInHalfSaysSo() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        int half = 5 + (bytes.length - 5) / 2;
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, half)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Truncated payload").hasMessageContaining("AgentEvent").hasMessageContaining("schema id 1");
    }

    @Test
    void bytesLeftOverAfterTheRecordAreCorruption() {
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> events.deserializer().deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Corrupt payload").hasMessageContaining("left over");
    }

    @Test
    void aRecordOfAnotherTypeSaysItCannotBeRead() {
        AvroSerde<AgentProfile> profiles = new AvroSerde<>(AgentProfile.class, registry);
        byte[] bytes = events.serializer().serialize(TOPIC, receipt());
        assertThatThrownBy(() -> profiles.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.vigil.avro.AgentEvent").hasMessageContaining("cannot be read as dev.vigil.avro.AgentProfile");
    }

    @Test
    void aRecordFromAnOlderWriterReadsWithTheDefaultOfTheNewField() throws IOException {
        Schema older = new Schema.Parser().parse("""
                {"type": "record", "name": "AgentProfile", "namespace": "dev.vigil.avro", "fields": [
                  {"name": "agentId", "type": "string"},
                  {"name": "tenantId", "type": "string"}
                ]}""");
        GenericRecord old = new GenericData.Record(older);
        old.put("agentId", "did:web:a");
        old.put("tenantId", "t1");
        int id = registry.register("vigil.agents.v1-value", older);

        AgentProfile read = new AvroSerde<>(AgentProfile.class, registry).deserializer().deserialize("vigil.agents.v1", frame(id, older, old));

        assertThat(read.getAgentId()).isEqualTo("did:web:a");
        assertThat(read.getCalibrationDays()).isEqualTo(7);
        assertThat(read.getMaxDelegationDepth()).isEqualTo(3);
        assertThat(read.getRegisteredScopes()).isEmpty();
        assertThat(read.getOperatingWindow()).isNull();
        assertThat(read.getPublicKeys()).isEqualTo(Map.of());
    }

    @Test
    void usedBeforeConfigureItSaysThereIsNoRegistry() {
        assertThatThrownBy(() -> new AvroSerializer<Geo>().serialize("t", new Geo("US", null)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("before configure()");
        assertThatThrownBy(() -> new AvroDeserializer<>(Geo.class).deserialize("t", new byte[] {0, 0, 0, 0, 1, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("before configure()");
    }

    @Test
    void configureTakesTheRegistryFromTheUrl() {
        AvroSerde<Geo> serde = new AvroSerde<>(Geo.class);
        serde.configure(Map.of(SchemaRegistries.URL_CONFIG, "mem://avro-serde-test"), false);
        byte[] bytes = serde.serializer().serialize("t", new Geo("US", "CA"));
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(new Geo("US", "CA"));
        assertThat(MemorySchemaRegistry.named("avro-serde-test").subjects()).isEqualTo(List.of("t-value"));
    }

    private static byte[] frame(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
