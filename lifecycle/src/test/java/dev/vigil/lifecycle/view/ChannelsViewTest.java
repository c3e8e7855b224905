package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.FakeHookType;
import dev.vigil.lifecycle.LogCapture;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

/** The channels view of {@link LifecycleTopology}, read through {@link StoreRecordViewReader} as the API reads it. */
class ChannelsViewTest {

    private static final String TOKEN = "tok-7d3f9a2c51e8b604";

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://channels-view-" + UUID.randomUUID());
    private final ChannelSpecs specs = ChannelSpecs.STANDARD.with(FakeHookType.REGISTRATION);
    private TopologyTestDriver driver;
    private TestInputTopic<String, ChannelConfig> channels;
    private TestInputTopic<String, byte[]> rawChannels;
    private StoreRecordViewReader<ChannelConfig, ChannelSpec> reader;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "channels-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes, specs), props);
        channels = driver.createInputTopic(topics.channels(), new StringSerializer(),
                serdes.valueSerde(ChannelConfig.class).serializer());
        rawChannels = driver.createInputTopic(topics.channels(), new StringSerializer(), new ByteArraySerializer());
        KeyValueStore<String, StoredRecord<ChannelConfig>> store = driver.getKeyValueStore(LifecycleTopology.CHANNELS_STORE);
        reader = new StoreRecordViewReader<>("channels view", () -> store, specs::validate);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static ChannelConfig console(String name) {
        return ChannelConfig.newBuilder().setName(name).setType("console").build();
    }

    private static ChannelConfig hook(String name, String url) {
        return ChannelConfig.newBuilder().setName(name).setType(FakeHookType.TYPE)
                .setSettings(url == null ? Map.of("token", TOKEN) : Map.of("url", url, "token", TOKEN)).build();
    }

    @Test
    void aValidChannelIsServedTypedWithTheOffsetOfItsRecord() {
        channels.pipeInput("other", console("other"));
        channels.pipeInput("hook", hook("hook", "https://h.example/in"));

        ViewEntry<ChannelSpec> entry = reader.get("hook").orElseThrow();

        assertThat(entry.offset()).isEqualTo(1);
        assertThat(entry.value().type()).isEqualTo(FakeHookType.TYPE);
        assertThat(entry.value().config().getSettings()).containsEntry("token", TOKEN);
        assertThat(reader.get("nothing")).isEmpty();
        assertThat(reader.all()).extracting(ViewEntry::key).containsExactly("hook", "other");
    }

    @Test
    void aTombstoneMarksTheChannelDeletedAtItsOffset() {
        channels.pipeInput("a", console("a"));

        rawChannels.pipeInput("a", (byte[]) null);

        ViewEntry<ChannelSpec> entry = reader.get("a").orElseThrow();
        assertThat(entry.deleted()).isTrue();
        assertThat(entry.offset()).isEqualTo(1);
    }

    @Test
    void recordsThatDoNotDecodeOrValidateAreCountedLoggedWithoutSecretsAndIgnored() {
        List<String> lines;
        try (LogCapture logs = new LogCapture()) {
            channels.pipeInput("a", console("a"));
            rawChannels.pipeInput("b", "{\"name\": \"b\"}".getBytes(StandardCharsets.UTF_8));
            channels.pipeInput("c", ChannelConfig.newBuilder().setName("c").setType("pigeon").build());
            channels.pipeInput("d", console("not-d"));
            channels.pipeInput((String) null, console("e"));
            channels.pipeInput("f", hook("f", null));
            channels.pipeInput("g", console("g"));
            lines = logs.lines();
        }

        assertThat(reader.all()).extracting(ViewEntry::key).containsExactly("a", "g");
        assertThat(skipped(SkippedRecords.INVALID_CHANNEL)).isEqualTo(5.0);
        assertThat(lines).anyMatch(l -> l.startsWith("Ignored a record for channel c on vigil.channels.v1 (partition 0, "
                + "offset 2): field 'type': unknown type \"pigeon\""));
        assertThat(lines).anyMatch(l -> l.startsWith("Ignored a record for channel f") && l.contains("settings.url"));
        assertThat(lines).noneMatch(l -> l.contains(TOKEN));
    }

    @Test
    void anInvalidRecordForAKnownChannelLeavesItsLastValidConfig() {
        channels.pipeInput("a", console("a"));

        channels.pipeInput("a", ChannelConfig.newBuilder(console("a")).setGroupWait("2h").build());

        ViewEntry<ChannelSpec> entry = reader.get("a").orElseThrow();
        assertThat(entry.offset()).isZero();
        assertThat(entry.value().groupWait()).isNull();
        assertThat(skipped(SkippedRecords.INVALID_CHANNEL)).isEqualTo(1.0);
    }

    private double skipped(SkippedRecords reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(reason.totalMetric()))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
