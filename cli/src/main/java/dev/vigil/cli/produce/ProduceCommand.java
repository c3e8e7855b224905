package dev.vigil.cli.produce;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.cli.Progress;
import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.JsonLines;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.serde.SerdeFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil produce EVENTS.jsonl --bootstrap-servers … --schema-registry …}: loads a file into a real cluster. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Load events (JSON lines) into a real Kafka cluster, keyed by agentId, in the schema-registry Avro format.",
                "A malformed line is reported with its number and skipped; the exit code is 1 if any record could not be sent."})
public final class ProduceCommand implements Callable<Integer> {

    /** How long to wait for the cluster to answer before sending; {@code default.api.timeout.ms} overrides it. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "EVENTS.jsonl")
    Path events;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]")
    String bootstrapServers;

    @Option(names = "--schema-registry", required = true, paramLabel = "URL", description = "http(s)://host:port of a Confluent-compatible registry.")
    String schemaRegistry;

    @Option(names = "--agents", paramLabel = "PROFILES.jsonl", description = "Also load agent profiles to the agents topic first.")
    Path agents;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Events topic (default ${DEFAULT-VALUE}).")
    String topic = Topics.defaults().events();

    @Option(names = "--agents-topic", paramLabel = "TOPIC", description = "Agents topic (default ${DEFAULT-VALUE}).")
    String agentsTopic = Topics.defaults().agents();

    @Option(names = "--create-topics", description = "Create Vigil's topics first if they are missing.")
    boolean createTopics;

    @Option(names = "--partitions", description = "Partitions for --create-topics (default ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--replication-factor", description = "Replication factor for --create-topics (default ${DEFAULT-VALUE}).")
    short replication = 1;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "Extra Kafka producer settings (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws java.io.IOException {
        requireExists(events);
        if (agents != null) {
            requireExists(agents);
        }
        PrintWriter err = commandSpec.commandLine().getErr();
        SerdeFactory serdes = SerdeFactory.forRegistry(schemaRegistry);
        Map<String, Object> props = new HashMap<>(producerProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        Map<String, Object> adminProps = adminProperties(props);
        try (Admin admin = Admin.create(adminProps)) {
            if (createTopics) {
                Topics names = Topics.defaults();
                TopicBootstrap.ensure(admin, new Topics(topic, agentsTopic, names.rules(), names.alerts(), names.alertEvents(),
                        names.agentStatus(), names.channels(), names.notifications(), names.siem(), names.eventsDlq(), names.silences()),
                        partitions, replication, Duration.ofSeconds(30));
            }
            requireTopics(admin, agents == null ? List.of(topic) : List.of(topic, agentsTopic));
        }
        long failed = 0;
        if (agents != null) {
            failed += send(err, agents, agentsTopic, "profiles", props, serdes.valueSerde(AgentProfile.class).serializer(),
                    ProfileJson::parse, AgentProfile::getAgentId);
        }
        failed += send(err, events, topic, "events", props, serdes.valueSerde(AgentEvent.class).serializer(),
                EventJson::parse, AgentEvent::getAgentId);
        return failed == 0 ? 0 : 1;
    }

    /** The admin client sees the same cluster, with the same security settings, as the producer. */
    private static Map<String, Object> adminProperties(Map<String, Object> producerProps) {
        Map<String, Object> admin = new HashMap<>();
        producerProps.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        admin.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return admin;
    }

    /**
     * Brokers do not create topics on demand here (DESIGN.md), and a producer waits {@code max.block.ms} on every record
     * for a topic it cannot find, so a missing topic is refused up front, by name, instead of stalling per record.
     */
    private void requireTopics(Admin admin, List<String> needed) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics of " + bootstrapServers, e);
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(existing);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("topic(s) " + missing + " do not exist on " + bootstrapServers
                    + "; create them, or pass --create-topics");
        }
    }

    /** Checked before anything is sent, so that a mistyped events file does not leave the profiles half-loaded. */
    private static void requireExists(Path file) throws NoSuchFileException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
    }

    private <V> long send(PrintWriter err, Path file, String toTopic, String what, Map<String, Object> props, Serializer<V> serializer,
                          java.util.function.Function<String, V> parser, java.util.function.Function<V, String> key)
            throws java.io.IOException {
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long sent = 0;
        long malformed = 0;
        Progress progress = new Progress(err, "produced " + what + " to " + toTopic, 0);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
             var lines = JsonLines.read(file, parser)) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                var line = it.next();
                if (line.error() != null) {
                    err.println(file.getFileName() + " " + line.error());
                    malformed++;
                    continue;
                }
                producer.send(new ProducerRecord<>(toTopic, key.apply(line.value()), line.value()), (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.getMessage());
                    }
                });
                sent++;
                progress.update(acked.get());
            }
            producer.flush();
        }
        progress.finish(acked.get());
        err.printf("%s: %,d sent, %,d acknowledged, %,d failed, %,d malformed lines skipped%n", file.getFileName(), sent, acked.get(),
                failed.get(), malformed);
        if (firstFailure.get() != null) {
            err.println("first send failure: " + firstFailure.get());
        }
        return failed.get();
    }
}
