package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.lifecycle.RuleFixtures;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaRuleWriterTest {

    private final RuleDefinition rule = RuleFixtures.record(RuleFixtures.SHELL_WRITES);
    private final Serializer<RuleDefinition> values = (topic, value) -> value == null ? null : new byte[] {1};

    @Test
    void writesTheRuleKeyedByRuleIdAndATombstoneToDelete() {
        MockProducer<String, RuleDefinition> producer = new MockProducer<>(true, null, new StringSerializer(), values);
        KafkaRuleWriter writer = new KafkaRuleWriter(producer, "rules-topic", Duration.ofSeconds(1));

        long put = writer.put(rule);
        long deleted = writer.delete("shell-writes");

        assertThat(producer.history()).hasSize(2);
        assertThat(producer.history().get(0).topic()).isEqualTo("rules-topic");
        assertThat(producer.history().get(0).key()).isEqualTo("shell-writes");
        assertThat(producer.history().get(0).value()).isEqualTo(rule);
        assertThat(producer.history().get(1).key()).isEqualTo("shell-writes");
        assertThat(producer.history().get(1).value()).isNull();
        assertThat(deleted).isGreaterThan(put);
    }

    @Test
    void aSendNobodyConfirmsIsAWriteFailureWithARuleMessageForTheClient() {
        MockProducer<String, RuleDefinition> producer = new MockProducer<>(false, null, new StringSerializer(), values);

        assertThatThrownBy(() -> new KafkaRuleWriter(producer, "rules-topic", Duration.ofMillis(100)).put(rule))
                .isInstanceOfSatisfying(WriteFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("shell-writes").contains("rules-topic").contains("100 ms");
                    assertThat(e.clientMessage()).contains("read the rule before repeating");
                });
    }
}
