package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.notifier.channel.ChannelSpecs;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RecordViewProcessorTest {

    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final KeyValueStore<String, StoredRecord<ChannelConfig>> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(LifecycleTopology.CHANNELS_STORE), Serdes.String(),
            new StoredRecord.StoreSerde<>(ChannelConfig.getEncoder(), ChannelConfig.getDecoder()))
            .withLoggingDisabled().build();

    private RecordViewProcessor<ChannelConfig> processor(Deserializer<ChannelConfig> deserializer) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        RecordViewProcessor<ChannelConfig> processor = new RecordViewProcessor<>("channels-view", "channels",
                LifecycleTopology.CHANNELS_STORE, deserializer, new RecordViewProcessor.Kind<>("channel",
                SkippedRecords.INVALID_CHANNEL, ChannelConfig::getName, ChannelSpecs.STANDARD::validate));
        processor.init(context);
        context.setRecordMetadata("channels", 0, 42);
        return processor;
    }

    private static Record<String, byte[]> bytes(String key) {
        return new Record<>(key, "bytes".getBytes(StandardCharsets.UTF_8), 0L);
    }

    @Test
    void storesAValidRecordWithItsOffset() {
        ChannelConfig config = ChannelConfig.newBuilder().setName("a").setType("console").build();

        processor((topic, data) -> config).process(bytes("a"));

        assertThat(store.get("a")).isEqualTo(new StoredRecord<>(42, config));
    }

    @Test
    void anUnreachableRegistryIsThrownNotSkipped() {
        RecordViewProcessor<ChannelConfig> processor = processor((topic, data) -> {
            throw new SerializationException("registry unreachable", new ConnectException("Connection refused"));
        });

        assertThatThrownBy(() -> processor.process(bytes("a"))).isInstanceOf(SerializationException.class);
        assertThat(store.get("a")).isNull();
    }

    @Test
    void theStoreSerdeKeepsTheOffsetAndTheRecordOrItsAbsence() {
        StoredRecord.StoreSerde<ChannelConfig> serde =
                new StoredRecord.StoreSerde<>(ChannelConfig.getEncoder(), ChannelConfig.getDecoder());
        StoredRecord<ChannelConfig> live = new StoredRecord<>(7, ChannelConfig.newBuilder().setName("h").setType("x")
                .setSettings(Map.of("url", "https://h.example")).setGroupWait("30s").build());
        StoredRecord<ChannelConfig> deleted = new StoredRecord<>(8, null);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", live))).isEqualTo(live);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", deleted))).isEqualTo(deleted);
    }
}
