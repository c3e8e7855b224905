package dev.vigil.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.cli.Cli;
import dev.vigil.core.config.Topics;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.serde.AvroDeserializer;
import dev.vigil.serde.HttpSchemaRegistryClient;
import dev.vigil.serde.LocalRegistryServer;
import dev.vigil.serde.MemorySchemaRegistry;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil produce} against a real broker and a real HTTP schema registry. */
class ProduceCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int EVENTS = 40;
    private static final int MALFORMED_LINE = 17;

    @TempDir
    static Path fleet;

    private static LocalRegistryServer registry;
    private static List<String> eventLines;
    private static Path profiles;

    @TempDir
    Path dir;

    private Topics topics;

    @BeforeAll
    static void simulateAFleetAndServeARegistry() throws IOException {
        Path events = fleet.resolve("events.jsonl");
        profiles = fleet.resolve("profiles.jsonl");
        Cli.Result simulated = Cli.run("simulate", "--agents", "4", "--days", "1", "--seed", "3", "--attacks", "unknown_agent",
                "--out", events.toString(), "--profiles-out", profiles.toString());
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        eventLines = Files.readAllLines(events).subList(0, EVENTS);
        registry = LocalRegistryServer.start(MemorySchemaRegistry.isolated(), 0);
    }

    @AfterAll
    static void stopTheRegistry() {
        registry.close();
    }

    @BeforeEach
    void createTopics() {
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 2);
    }

    @Test
    void loadsEveryValidLineKeyedByAgentAndReportsTheMalformedOne() throws IOException {
        Path file = withMalformedLine(eventLines);

        Cli.Result result = produce(file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("events.jsonl line " + MALFORMED_LINE + ": ")
                .contains(EVENTS + " sent, " + EVENTS + " acknowledged, 0 failed, 1 malformed lines skipped");
        assertThat(recordsOn(topics.events())).isEqualTo(EVENTS);
        Map<String, AgentEvent> expected = eventLines.stream().map(EventJson::parse)
                .collect(Collectors.toMap(AgentEvent::getEventId, Function.identity()));
        List<ConsumerRecord<String, AgentEvent>> records = KAFKA.consume(topics.events(), deserializer(AgentEvent.class), EVENTS, PATIENCE);
        assertThat(records).hasSize(EVENTS).allSatisfy(record -> {
            assertThat(record.value()).isEqualTo(expected.get(record.value().getEventId()));
            assertThat(record.key()).isEqualTo(record.value().getAgentId());
        });
        assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).hasSize(EVENTS);
        assertThat(recordsOn(topics.agents())).isZero();
    }

    @Test
    void withAgentsTheProfilesLandOnTheAgentsTopic() throws IOException {
        List<AgentProfile> expected = Files.readAllLines(profiles).stream().filter(l -> !l.isBlank()).map(ProfileJson::parse).toList();

        Cli.Result result = produce(withMalformedLine(eventLines), "--agents", profiles.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(recordsOn(topics.agents())).isEqualTo(expected.size());
        List<ConsumerRecord<String, AgentProfile>> records = KAFKA.consume(topics.agents(), deserializer(AgentProfile.class),
                expected.size(), PATIENCE);
        assertThat(records).allSatisfy(record -> assertThat(record.key()).isEqualTo(record.value().getAgentId()));
        assertThat(records.stream().map(ConsumerRecord::value).toList()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(recordsOn(topics.events())).isEqualTo(EVENTS);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnreachableRegistryFailsWithAClearMessage() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        Cli.Result result = Cli.run("produce", withMalformedLine(eventLines).toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", closed, "--topic", topics.events(), "--agents-topic", topics.agents());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("vigil produce: ").contains("Schema registry at " + closed).contains("unreachable");
        assertThat(recordsOn(topics.events())).isZero();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMissingTopicIsRefusedByNameInsteadOfWaitingOnEveryRecord() throws IOException {
        String missing = KAFKA.uniqueName("no-such-topic");

        Cli.Result result = Cli.run("produce", withMalformedLine(eventLines).toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", registry.url(), "--topic", missing, "--agents-topic", topics.agents());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(missing).contains("--create-topics");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnreachableBrokerFailsWithAClearMessage() throws IOException {
        String closed = "127.0.0.1:" + closedPort();

        Cli.Result result = Cli.run("produce", withMalformedLine(eventLines).toString(), "--bootstrap-servers", closed,
                "--schema-registry", registry.url(), "--producer-property", "request.timeout.ms=2000",
                "--producer-property", "default.api.timeout.ms=2000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("vigil produce: cannot reach Kafka at " + closed);
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Cli.Result result = produce(dir.resolve("nothing-here.jsonl"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("nothing-here.jsonl");
    }

    private Cli.Result produce(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("produce", file.toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", registry.url(), "--topic", topics.events(), "--agents-topic", topics.agents()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The events with a line that is not JSON at {@link #MALFORMED_LINE}. */
    private Path withMalformedLine(List<String> lines) throws IOException {
        List<String> withBadLine = new ArrayList<>(lines);
        withBadLine.add(MALFORMED_LINE - 1, "{\"type\": \"tool_call\", oops");
        return Files.write(dir.resolve("events.jsonl"), withBadLine);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> AvroDeserializer<T> deserializer(Class<T> type) {
        return new AvroDeserializer<>(type, new HttpSchemaRegistryClient(registry.url()));
    }

    /** Records on the topic, from its offsets: with an idempotent producer and no transactions, one offset per record. */
    private static long recordsOn(String topic) {
        try {
            var partitions = KAFKA.adminClient().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return KAFKA.adminClient().listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
