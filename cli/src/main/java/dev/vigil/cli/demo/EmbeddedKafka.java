package dev.vigil.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, for {@code vigil demo}.
 * In-process rather than a child process so that nothing can outlive the demo: when the JVM ends, so does the broker.
 * Listens on free loopback ports and keeps its log in a temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int brokerPort;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int brokerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.server = server;
    }

    /** Formats a fresh log directory and starts the node; returns once the broker accepts connections. */
    public static EmbeddedKafka start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("vigil-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a temporary directory for the embedded broker", e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties props = serverProperties(dir, brokerPort, controllerPort);
        format(dir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw new IllegalStateException("The embedded Kafka broker did not start: " + e.getMessage(), e);
        }
        return new EmbeddedKafka(dir, brokerPort, server);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private static Properties serverProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "10000");
        return p;
    }

    private static void format(Path dir, Properties props) {
        Path config = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, "vigil demo broker");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the embedded broker's configuration", e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("Formatting the embedded broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for the embedded broker", e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary directory is harmless; the OS cleans its temp space.
        }
    }
}
