package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.RuleFixtures;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.topology.rules.RuleOverride;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/** The rules view of {@link LifecycleTopology}, read through {@link StoreRuleViewReader} as the API reads it. */
class RulesViewTest {

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://rules-view-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, RuleDefinition> rules;
    private TestInputTopic<String, byte[]> rawRules;
    private StoreRuleViewReader reader;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props);
        rules = driver.createInputTopic(topics.rules(), new StringSerializer(),
                serdes.valueSerde(RuleDefinition.class).serializer());
        rawRules = driver.createInputTopic(topics.rules(), new StringSerializer(), new ByteArraySerializer());
        KeyValueStore<String, StoredRule> store = driver.getKeyValueStore(LifecycleTopology.RULES_STORE);
        reader = new StoreRuleViewReader(() -> store);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aValidRuleIsServedWithTheOffsetOfItsRecord() {
        rules.pipeInput("other", RuleFixtures.custom("other"));
        rules.pipeInput("shell-writes", RuleFixtures.record(RuleFixtures.SHELL_WRITES));

        RuleEntry entry = reader.get("shell-writes").orElseThrow();

        assertThat(entry.spec()).isEqualTo(RuleFixtures.spec(RuleFixtures.SHELL_WRITES));
        assertThat(entry.offset()).isEqualTo(1);
        assertThat(reader.get("nothing")).isEmpty();
    }

    @Test
    void anOverrideIsServedAsAnOverride() {
        rules.pipeInput("velocity_spike:acme", RuleFixtures.record(RuleFixtures.VELOCITY_ACME));

        assertThat(reader.get("velocity_spike:acme").orElseThrow().spec()).isInstanceOfSatisfying(RuleOverride.class,
                o -> assertThat(o.parameters()).containsEntry("ratio", "5"));
    }

    @Test
    void aTombstoneMarksTheRuleDeletedAtItsOffset() {
        rules.pipeInput("shell-writes", RuleFixtures.record(RuleFixtures.SHELL_WRITES));

        rawRules.pipeInput("shell-writes", (byte[]) null);

        RuleEntry entry = reader.get("shell-writes").orElseThrow();
        assertThat(entry.deleted()).isTrue();
        assertThat(entry.offset()).isEqualTo(1);
        assertThat(reader.all()).singleElement().satisfies(e -> assertThat(e.deleted()).isTrue());
    }

    @Test
    void recordsThatDoNotDecodeOrValidateAreCountedAndIgnoredAndTheRestIsServed() {
        rules.pipeInput("a", RuleFixtures.custom("a"));
        rawRules.pipeInput("b", "{\"ruleId\": \"b\"}".getBytes(StandardCharsets.UTF_8));
        rules.pipeInput("c", RuleFixtures.withCelTypeError("c"));
        rules.pipeInput("d", RuleFixtures.custom("not-d"));
        rules.pipeInput((String) null, RuleFixtures.custom("e"));
        rules.pipeInput("f", RuleFixtures.custom("f"));

        assertThat(reader.all()).extracting(RuleEntry::ruleId).containsExactly("a", "f");
        assertThat(skipped(SkippedRecords.INVALID_RULE)).isEqualTo(4.0);
    }

    @Test
    void anInvalidRecordForAKnownRuleLeavesItsLastValidDefinition() {
        rules.pipeInput("c", RuleFixtures.custom("c"));

        rules.pipeInput("c", RuleFixtures.withCelTypeError("c"));

        RuleEntry entry = reader.get("c").orElseThrow();
        assertThat(entry.spec()).isEqualTo(RuleFixtures.spec("{\"ruleId\": \"c\", \"name\": \"Rule c\", \"condition\": {}}"));
        assertThat(entry.offset()).isZero();
        assertThat(skipped(SkippedRecords.INVALID_RULE)).isEqualTo(1.0);
    }

    @Test
    void aRuleIsDecodedOncePerRecord() {
        rules.pipeInput("a", RuleFixtures.custom("a"));
        RuleEntry first = reader.get("a").orElseThrow();

        assertThat(reader.get("a").orElseThrow()).isSameAs(first);
        assertThat(reader.all()).singleElement().isSameAs(first);

        rules.pipeInput("a", RuleFixtures.custom("a"));
        assertThat(reader.get("a").orElseThrow()).isNotSameAs(first).satisfies(e -> assertThat(e.offset()).isEqualTo(1));
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
