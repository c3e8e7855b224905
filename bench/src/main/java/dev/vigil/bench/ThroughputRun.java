package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import dev.vigil.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timed run against a running broker: create the topics, pre-produce the input, start the topology with
 * exactly-once v2 and stop the clock when its committed offsets reach the end offsets.
 */
final class ThroughputRun {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final BenchOptions options;
    private final Duration timeout;

    ThroughputRun(String bootstrapServers, BenchOptions options, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.options = options;
        this.timeout = timeout;
    }

    ThroughputResult run(Topics topics, TopologyUnderTest topology) throws Exception {
        String registryUrl = "mem://bench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicBootstrap.ensure(admin, topics, options.partitions(), (short) 1, Duration.ofMinutes(1));
            preload(topics, registryUrl);
            String applicationId = "vigil-bench-" + UUID.randomUUID().toString().substring(0, 8);
            Path stateDir = Files.createTempDirectory("vigil-bench-state-");
            try {
                Duration elapsed = timeStreams(topology, topics, registryUrl, applicationId, stateDir,
                        new CatchUp(admin, applicationId, topics.events()));
                return new ThroughputResult(options.events(), elapsed, options, topology.name());
            } finally {
                deleteRecursively(stateDir);
            }
        }
    }

    private void preload(Topics topics, String registryUrl) {
        long started = System.nanoTime();
        new Preloader(bootstrapServers, registryUrl).load(new SyntheticFleet(options.agents(), options.seed()), topics,
                options.events());
        LOG.info("Pre-produced {} events of {} agents in {} ms", options.events(), options.agents(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private Duration timeStreams(TopologyUnderTest topology, Topics topics, String registryUrl, String applicationId,
                                 Path stateDir, CatchUp catchUp) throws Exception {
        AtomicReference<Throwable> crash = new AtomicReference<>();
        try (KafkaStreams streams = new KafkaStreams(topology.build(topics, registryUrl),
                streamsProperties(applicationId, stateDir, registryUrl))) {
            streams.setUncaughtExceptionHandler(e -> {
                crash.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            long started = System.nanoTime();
            streams.start();
            awaitCatchUp(catchUp, streams, crash, started);
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private void awaitCatchUp(CatchUp catchUp, KafkaStreams streams, AtomicReference<Throwable> crash, long started)
            throws Exception {
        long nextReport = started + REPORT_INTERVAL.toNanos();
        while (true) {
            CatchUp.Progress progress = catchUp.progress();
            if (progress.complete()) {
                if (progress.eventsEnd() != options.events()) {
                    throw new IllegalStateException("The events topic holds " + progress.eventsEnd() + " events, not "
                            + options.events() + ": was it written before?");
                }
                return;
            }
            if (crash.get() != null || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("The topology stopped (" + streams.state() + ") after "
                        + progress.eventsCommitted() + " events", crash.get());
            }
            long now = System.nanoTime();
            if (now - started > timeout.toNanos()) {
                throw new IllegalStateException("The topology processed " + progress.eventsCommitted() + " of "
                        + progress.eventsEnd() + " events in " + timeout + "; giving up");
            }
            if (now >= nextReport) {
                LOG.info("Processed {} of {} events", progress.eventsCommitted(), progress.eventsEnd());
                nextReport = now + REPORT_INTERVAL.toNanos();
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private Properties streamsProperties(String applicationId, Path stateDir, String registryUrl) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.threads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(SchemaRegistries.URL_CONFIG, registryUrl);
        return props;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the benchmark's state directory " + dir, e);
        }
    }
}
