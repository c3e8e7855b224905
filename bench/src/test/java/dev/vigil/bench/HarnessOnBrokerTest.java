package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.Topics;
import dev.vigil.testkit.KafkaClusterExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness parts that only a broker can check: what the preloader writes, deleted input, transaction markers. */
class HarnessOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @Test
    void preloadsEventsStampedWithTheTimeOfWritingSoTheBrokerRetainsThem() {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);
        Instant before = Instant.now();

        new Preloader(KAFKA.bootstrapServers(), KAFKA.registryUrl()).load(new SyntheticFleet(5, 1), topics, 20);

        List<ConsumerRecord<String, byte[]>> records = KAFKA.consume(topics.events(), new ByteArrayDeserializer(), 20,
                Duration.ofSeconds(30));
        assertThat(records).allSatisfy(record -> {
            assertThat(record.timestamp()).as("record time; the events happened in January 2026")
                    .isGreaterThanOrEqualTo(before.toEpochMilli() - 1000);
            assertThat(record.key()).startsWith("did:web:agents.bench.example:agent-");
        });
    }

    @Test
    void preloadsEventsWithoutKeyWhenAskedTo() {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);

        new Preloader(KAFKA.bootstrapServers(), KAFKA.registryUrl()).load(new SyntheticFleet(5, 1), topics, 10,
                Preloader.Keys.NONE);

        assertThat(KAFKA.consume(topics.events(), new ByteArrayDeserializer(), 10, Duration.ofSeconds(30)))
                .allSatisfy(record -> assertThat(record.key()).isNull());
    }

    @Test
    void refusesARunWhoseEventsTheBrokerDeleted() throws Exception {
        String events = KAFKA.createTopic(KAFKA.uniqueName("events"), 1, Map.of());
        for (int i = 0; i < 5; i++) {
            KAFKA.produceBytes(events, "k", new byte[] {1});
        }
        CatchUp catchUp = new CatchUp(KAFKA.adminClient(), "no-such-app", events, (tp, from, to) -> false);
        catchUp.requireNothingDeleted();

        KAFKA.adminClient().deleteRecords(Map.of(new TopicPartition(events, 0), RecordsToDelete.beforeOffset(3)))
                .all().get();

        assertThatThrownBy(catchUp::requireNothingDeleted)
                .hasMessageContaining("3 records of " + events + " were deleted by the broker");
    }

    @Test
    void seesThatOnlyTheCommitMarkerFollowsTheLastRecordOfATransaction() {
        String topic = KAFKA.createTopic(KAFKA.uniqueName("transactional"), 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, KAFKA.uniqueName("tx")), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.commitTransaction();
        }
        TopicPartition partition = new TopicPartition(topic, 0);

        try (TailReader tail = new TailReader(KAFKA.bootstrapServers())) {
            assertThat(tail.onlyControlRecords(partition, 3, 4)).as("offset 3 is the commit marker").isTrue();
            assertThat(tail.onlyControlRecords(partition, 2, 4)).as("offset 2 is a record").isFalse();
        }
    }
}
