package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Silence;
import dev.vigil.core.config.Topics;
import dev.vigil.notifier.silence.SilenceSpec;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The silences view of {@link LifecycleTopology}, read through {@link StoreRecordViewReader} as the API reads it. */
class SilencesViewTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://silences-view-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, Silence> silences;
    private TestInputTopic<String, byte[]> rawSilences;
    private StoreRecordViewReader<Silence, SilenceSpec> reader;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "silences-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props);
        silences = driver.createInputTopic(topics.silences(), new StringSerializer(),
                serdes.valueSerde(Silence.class).serializer());
        rawSilences = driver.createInputTopic(topics.silences(), new StringSerializer(), new ByteArraySerializer());
        KeyValueStore<String, StoredRecord<Silence>> store = driver.getKeyValueStore(LifecycleTopology.SILENCES_STORE);
        reader = new StoreRecordViewReader<>("silences view", () -> store, SilenceSpec::fromRecord);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Silence.Builder silence(String id) {
        return Silence.newBuilder().setSilenceId(id).setMatchers(Map.of("agentId", "did:web:x"))
                .setStartsAt(T).setEndsAt(T.plusSeconds(3600)).setCreatedBy("alice").setComment("deploy")
                .setCreatedAt(T);
    }

    @Test
    void aValidSilenceIsServedWithTheOffsetOfItsRecordAndATombstoneDeletesIt() {
        silences.pipeInput("s1", silence("s1").build());
        silences.pipeInput("s2", silence("s2").build());

        assertThat(reader.get("s2").orElseThrow().offset()).isEqualTo(1);
        assertThat(reader.get("s2").orElseThrow().value()).isEqualTo(SilenceSpec.fromRecord(silence("s2").build()));

        rawSilences.pipeInput("s1", (byte[]) null);

        assertThat(reader.get("s1").orElseThrow().deleted()).isTrue();
        assertThat(reader.all()).extracting(ViewEntry::key).containsExactly("s1", "s2");
    }

    @Test
    void recordsThatDoNotDecodeOrValidateAreCountedAndIgnoredAndAKnownSilenceKeepsItsLastValidRecord() {
        silences.pipeInput("s1", silence("s1").build());
        rawSilences.pipeInput("s2", "poison".getBytes(StandardCharsets.UTF_8));
        silences.pipeInput("s3", silence("s3").setMatchers(Map.of()).build());
        silences.pipeInput("s4", silence("not-s4").build());
        silences.pipeInput("s1", silence("s1").setComment(" ").build());
        silences.pipeInput("s5", silence("s5").setEndsAt(T.minusSeconds(1)).build());

        assertThat(reader.all()).extracting(ViewEntry::key).containsExactly("s1");
        assertThat(reader.get("s1").orElseThrow().value().comment()).isEqualTo("deploy");
        assertThat(skipped()).isEqualTo(5.0);
    }

    @Test
    void aSilenceLongerThanAnyMaximumIsStillServed() {
        silences.pipeInput("long", silence("long").setEndsAt(T.plusSeconds(86_400L * 365)).build());

        assertThat(reader.get("long")).isPresent();
    }

    private double skipped() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(SkippedRecords.INVALID_SILENCE.totalMetric()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
