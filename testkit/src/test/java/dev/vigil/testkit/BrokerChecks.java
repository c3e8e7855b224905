package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import dev.vigil.core.kafka.TopicMisconfiguredException;
import dev.vigil.serde.AvroSerde;
import dev.vigil.serde.SchemaRegistries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What every test broker must do for Vigil's tests, whichever way it runs. */
abstract class BrokerChecks {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration SHORT = Duration.ofSeconds(2);

    abstract KafkaClusterExtension kafka();

    @Test
    void createsTheVigilTopicsWithTheirCleanupPolicyRetentionAndPartitions() throws Exception {
        Topics topics = kafka().createVigilTopics(kafka().uniqueTopics(), 3);

        Map<String, Config> configs = configs(topics);
        assertThat(configs.get(topics.agents()).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(topics.rules()).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(topics.events()).get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(configs.get(topics.events()).get("retention.ms").value())
                .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(configs.get(topics.alerts()).get("retention.ms").value())
                .isEqualTo(Long.toString(Duration.ofDays(90).toMillis()));
        assertThat(configs.get(topics.alertEvents()).get("retention.ms").value()).isEqualTo("-1");
        assertThat(configs.get(topics.events()).get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
        assertThat(configs.get(topics.alerts()).get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
        assertThat(configs.get(topics.agents()).get("message.timestamp.type").value()).isEqualTo("CreateTime");
        assertThat(partitions(topics.events(), topics.agents(), topics.siem()).values()).containsOnly(3);
    }

    @Test
    void anEventStampedLongAgoIsStillThereToRead() {
        Topics topics = kafka().createVigilTopics(kafka().uniqueTopics(), 1);
        long monthsAgo = System.currentTimeMillis() - Duration.ofDays(60).toMillis();
        org.apache.kafka.common.header.internals.RecordHeaders none = new org.apache.kafka.common.header.internals.RecordHeaders();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(kafka().clientProperties(),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.events(), null, monthsAgo, "agent", new byte[] {1}, none)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        var records = kafka().consume(topics.events(), new org.apache.kafka.common.serialization.ByteArrayDeserializer(), 1, TIMEOUT);
        assertThat(records.get(0).timestamp()).as("the broker's append time replaces the producer's old timestamp")
                .isGreaterThan(monthsAgo + Duration.ofDays(59).toMillis());
    }

    @Test
    void ensureIsIdempotent() {
        Topics topics = kafka().uniqueTopics();

        Set<String> first = TopicBootstrap.ensure(kafka().adminClient(), topics, 2, (short) 1, TIMEOUT);
        Set<String> second = TopicBootstrap.ensure(kafka().adminClient(), topics, 2, (short) 1, TIMEOUT);

        assertThat(first).hasSize(11).contains(topics.events(), topics.eventsDlq());
        assertThat(second).isEmpty();
    }

    @Test
    void ensureRejectsAnAgentsTopicThatIsNotCompacted() {
        Topics topics = kafka().uniqueTopics();
        kafka().createTopic(topics.agents(), 2, Map.of("cleanup.policy", "delete"));

        assertThatThrownBy(() -> TopicBootstrap.ensure(kafka().adminClient(), topics, 2, (short) 1, TIMEOUT))
                .isInstanceOf(TopicMisconfiguredException.class)
                .hasMessageContaining(topics.agents())
                .hasMessageContaining("must be compacted");
    }

    @Test
    void ensureRejectsAnAlertsTopicNotCoPartitionedWithTheEvents() {
        Topics topics = kafka().uniqueTopics();
        kafka().createTopic(topics.events(), 2, Map.of());
        kafka().createTopic(topics.alerts(), 3, Map.of());

        assertThatThrownBy(() -> TopicBootstrap.ensure(kafka().adminClient(), topics, 2, (short) 1, TIMEOUT))
                .isInstanceOf(TopicMisconfiguredException.class)
                .hasMessageContaining(topics.alerts() + " has 3 partitions");
    }

    @Test
    void ensureGivesMissingAgentKeyedTopicsTheExistingEventsPartitionCount() throws Exception {
        Topics topics = kafka().uniqueTopics();
        kafka().createTopic(topics.events(), 2, Map.of());

        TopicBootstrap.ensure(kafka().adminClient(), topics, 4, (short) 1, TIMEOUT);

        assertThat(partitions(topics.agents(), topics.alerts(), topics.rules(), topics.siem()))
                .containsEntry(topics.agents(), 2).containsEntry(topics.alerts(), 2)
                .containsEntry(topics.rules(), 4).containsEntry(topics.siem(), 4);
    }

    @Test
    void roundTripsAnAvroRecordThroughTheBroker() {
        String topic = kafka().createTopic(kafka().uniqueName("status"), 1, Map.of());
        AvroSerde<AgentStatus> serde = new AvroSerde<>(AgentStatus.class,
                SchemaRegistries.forUrl(kafka().registryUrl()));
        AgentStatus halted = AgentStatus.newBuilder().setAgentId("did:web:agent-1").setTenantId("acme")
                .setState(BreakerState.HALTED).setReason("spend spike").setSince(Instant.parse("2026-01-01T00:00:00Z"))
                .build();

        kafka().produce(topic, "did:web:agent-1", halted, serde.serializer());
        List<ConsumerRecord<String, AgentStatus>> records = kafka().consume(topic, serde.deserializer(), 1, TIMEOUT);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("did:web:agent-1");
            assertThat(record.value()).isEqualTo(halted);
        });
    }

    @Test
    void awaitRecordReturnsTheFirstRecordThatMatches() {
        String topic = kafka().createTopic(kafka().uniqueName("await"), 2, Map.of());
        kafka().produceBytes(topic, "a", bytes("first"));
        kafka().produceBytes(topic, "b", bytes("poison \u0000 pill"));
        kafka().produceBytes(topic, "c", bytes("third"));

        ConsumerRecord<String, byte[]> record = kafka().awaitRecord(topic, new ByteArrayDeserializer(),
                r -> r.key().equals("b"), TIMEOUT);

        assertThat(record.value()).isEqualTo(bytes("poison \u0000 pill"));
    }

    @Test
    void awaitRecordFailsNamingTheTopicWhenNothingMatches() {
        String topic = kafka().createTopic(kafka().uniqueName("nomatch"), 1, Map.of());
        kafka().produceBytes(topic, "a", bytes("only"));

        assertThatThrownBy(() -> kafka().awaitRecord(topic, new StringDeserializer(),
                r -> r.value().equals("other"), SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("a=only");
    }

    @Test
    void consumeFailsWhenFewerRecordsArriveThanExpected() {
        String topic = kafka().createTopic(kafka().uniqueName("few"), 1, Map.of());
        kafka().produceBytes(topic, "a", bytes("one"));

        assertThatThrownBy(() -> kafka().consume(topic, new StringDeserializer(), 2, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 records on " + topic)
                .hasMessageContaining("got 1");
    }

    @Test
    void consumeSeesOnlyCommittedTransactions() {
        String topic = kafka().createTopic(kafka().uniqueName("txn"), 1, Map.of());
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = kafka().consume(topic, new StringDeserializer(), 1, TIMEOUT);

        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void givesEveryCallerItsOwnNames() {
        assertThat(kafka().uniqueTopics().events()).startsWith("vigil.events.v1-")
                .isNotEqualTo(kafka().uniqueTopics().events());
        assertThat(kafka().registryUrl()).startsWith("mem://test-").isNotEqualTo(kafka().registryUrl());
    }

    private KafkaProducer<String, String> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka().uniqueName("txn")),
                new StringSerializer(), new StringSerializer());
    }

    private Map<String, Config> configs(Topics topics) throws Exception {
        List<ConfigResource> resources = List.of(topics.events(), topics.agents(), topics.rules(), topics.alerts(),
                topics.alertEvents()).stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        return kafka().adminClient().describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private Map<String, Integer> partitions(String... names) throws Exception {
        return kafka().adminClient().describeTopics(List.of(names)).allTopicNames().get().values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
