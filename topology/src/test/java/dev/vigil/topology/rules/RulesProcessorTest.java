package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The rules topic's processor: what it applies, what it ignores and counts, what it loads at start, how it waits. */
class RulesProcessorTest {

    private static final String STORE = "rules-store";
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    private final RuleBook book = new RuleBook();
    private final List<String> rejected = new ArrayList<>();
    /** Records by their bytes (the text of the bytes names the record), standing in for the registry serde. */
    private final Map<String, RuleDefinition> records = new HashMap<>();

    private RulesProcessor processor(Deserializer<RuleDefinition> deserializer) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        RulesProcessor processor = new RulesProcessor(STORE, "vigil.rules.v1", deserializer, book, rejected::add);
        processor.init(context);
        return processor;
    }

    private RulesProcessor processor() {
        return processor((topic, data) -> {
            RuleDefinition d = records.get(new String(data, StandardCharsets.UTF_8));
            if (d == null) {
                throw new SerializationException("unknown magic byte");
            }
            return d;
        });
    }

    private byte[] bytesOf(String json) {
        RuleDefinition d = RuleJson.toRecord(RuleJson.read(json));
        String name = d.getRuleId() + "@" + d.getVersion();
        records.put(name, d);
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String rule(String id, int version) {
        return "{\"ruleId\": \"" + id + "\", \"version\": " + version + ", \"name\": \"R\", \"condition\": {}}";
    }

    @Test
    void appliesValidRecordsAndDeletesOnATombstone() {
        RulesProcessor processor = processor();
        processor.process(new Record<>("r", bytesOf(rule("r", 1)), 0L));
        processor.process(new Record<>("velocity_spike", bytesOf("{\"ruleId\": \"velocity_spike\", \"enabled\": false}"), 0L));
        assertThat(book.current().specs()).containsOnlyKeys("r", "velocity_spike");
        assertThat(store.get("r")).isNotNull();
        processor.process(new Record<>("r", null, 0L));
        assertThat(book.current().specs()).containsOnlyKeys("velocity_spike");
        assertThat(store.get("r")).isNull();
        assertThat(rejected).isEmpty();
    }

    @Test
    void ignoresAndCountsWhatCannotBeReadOrValidatedKeepingThePreviousVersion() {
        RulesProcessor processor = processor();
        processor.process(new Record<>("r", bytesOf(rule("r", 1)), 0L));
        byte[] stored = store.get("r");
        processor.process(new Record<>("r", "garbage".getBytes(StandardCharsets.UTF_8), 0L));
        RuleDefinition invalid = RuleJson.toRecord(RuleJson.read(rule("r", 2)));
        invalid.getCondition().setThreshold(0L);
        records.put("invalid", invalid);
        processor.process(new Record<>("r", "invalid".getBytes(StandardCharsets.UTF_8), 0L));
        processor.process(new Record<>("other-key", bytesOf(rule("r", 3)), 0L));
        assertThat(rejected).containsExactly(RulesProcessor.UNDECODABLE, RulesProcessor.INVALID, RulesProcessor.KEY_MISMATCH);
        assertThat(book.current().specs().get("r").version()).isEqualTo(1);
        assertThat(store.get("r")).isEqualTo(stored);
        assertThat(store.get("other-key")).isNull();
    }

    @Test
    void loadsWhatTheStoreHoldsAtStartSkippingWhatIsBad() {
        store.init(context.getStateStoreContext(), store);
        store.put("r", bytesOf(rule("r", 4)));
        store.put("bad", "garbage".getBytes(StandardCharsets.UTF_8));
        processor();
        assertThat(book.current().specs()).containsOnlyKeys("r");
        assertThat(book.current().specs().get("r").version()).isEqualTo(4);
        assertThat(rejected).containsExactly(RulesProcessor.UNDECODABLE);
    }

    @Test
    void waitsForAnUnavailableRegistryInsteadOfDroppingTheRule() {
        byte[] bytes = bytesOf(rule("r", 1));
        RuleDefinition d = records.get("r@1");
        AtomicInteger calls = new AtomicInteger();
        RulesProcessor processor = processor((topic, data) -> {
            if (calls.incrementAndGet() == 1) {
                throw new SchemaRegistryUnavailableException("registry answered 503");
            }
            return d;
        });
        processor.process(new Record<>("r", bytes, 0L));
        assertThat(calls).hasValue(2);
        assertThat(book.current().specs()).containsOnlyKeys("r");
        assertThat(rejected).isEmpty();
    }
}
