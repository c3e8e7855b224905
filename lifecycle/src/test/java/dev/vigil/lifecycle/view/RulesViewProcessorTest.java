package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.lifecycle.RuleFixtures;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RulesViewProcessorTest {

    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final KeyValueStore<String, StoredRule> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(LifecycleTopology.RULES_STORE), Serdes.String(), new StoredRule.StoreSerde())
            .withLoggingDisabled().build();

    private RulesViewProcessor processor(Deserializer<RuleDefinition> deserializer) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        RulesViewProcessor processor = new RulesViewProcessor("rules-view", "rules", LifecycleTopology.RULES_STORE,
                deserializer);
        processor.init(context);
        context.setRecordMetadata("rules", 0, 42);
        return processor;
    }

    private static Record<String, byte[]> bytes(String key) {
        return new Record<>(key, "bytes".getBytes(StandardCharsets.UTF_8), 0L);
    }

    @Test
    void storesAValidDefinitionWithItsOffset() {
        RuleDefinition definition = RuleFixtures.custom("a");

        processor((topic, data) -> definition).process(bytes("a"));

        assertThat(store.get("a")).isEqualTo(new StoredRule(42, definition));
    }

    @Test
    void anUnreachableRegistryIsThrownNotSkipped() {
        RulesViewProcessor processor = processor((topic, data) -> {
            throw new SerializationException("registry unreachable", new ConnectException("Connection refused"));
        });

        assertThatThrownBy(() -> processor.process(bytes("a"))).isInstanceOf(SerializationException.class);
        assertThat(store.get("a")).isNull();
    }

    @Test
    void theStoreSerdeKeepsTheOffsetAndTheDefinitionOrItsAbsence() {
        StoredRule.StoreSerde serde = new StoredRule.StoreSerde();
        StoredRule live = new StoredRule(7, RuleFixtures.record(RuleFixtures.SHELL_WRITES));
        StoredRule deleted = new StoredRule(8, null);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", live))).isEqualTo(live);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", deleted))).isEqualTo(deleted);
    }
}
