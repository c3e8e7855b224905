package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timed run against a running broker: create the topics, pre-produce the input, start the topology and stop
 * the clock when its committed offsets reach the end offsets.
 */
final class ThroughputRun {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);
    /** A topology whose committed offsets do not move for this long is stuck (e.g. a thread failing in a loop). */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(2);

    private final String bootstrapServers;
    private final BenchOptions options;
    private final Duration timeout;

    ThroughputRun(String bootstrapServers, BenchOptions options, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.options = options;
        this.timeout = timeout;
    }

    ThroughputResult run(Topics topics) throws Exception {
        TopologyUnderTest topology = TopologyUnderTest.named(options.topology());
        String registryUrl = "mem://bench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicBootstrap.ensure(admin, topics, options.partitions(), (short) 1, Duration.ofMinutes(1));
            preload(topics, registryUrl);
            String applicationId = "vigil-bench-" + UUID.randomUUID().toString().substring(0, 8);
            Path stateDir = Files.createTempDirectory("vigil-bench-state-");
            try {
                RunSetup setup = new RunSetup(bootstrapServers, topics, registryUrl, applicationId, stateDir,
                        options.partitions(), options.threads());
                Duration elapsed = time(topology, setup, new CatchUp(admin, applicationId, topics.events()));
                RecordCounter counter = new RecordCounter(bootstrapServers);
                return new ThroughputResult(options.events(), elapsed, options, counter.count(topics.alerts(), COUNT_TIMEOUT),
                        counter.count(topics.eventsDlq(), COUNT_TIMEOUT));
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

    private Duration time(TopologyUnderTest topology, RunSetup setup, CatchUp catchUp) throws Exception {
        long started = System.nanoTime();
        try (TopologyUnderTest.Running running = topology.start(setup)) {
            awaitCatchUp(catchUp, running, started);
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private void awaitCatchUp(CatchUp catchUp, TopologyUnderTest.Running running, long started) throws Exception {
        long nextReport = started + REPORT_INTERVAL.toNanos();
        long lastCommitted = -1;
        long lastMove = started;
        while (true) {
            CatchUp.Progress progress = catchUp.progress();
            if (progress.complete()) {
                if (progress.eventsEnd() != options.events()) {
                    throw new IllegalStateException("The events topic holds " + progress.eventsEnd() + " events, not "
                            + options.events() + ": was it written before?");
                }
                return;
            }
            long now = System.nanoTime();
            if (progress.eventsCommitted() != lastCommitted) {
                lastCommitted = progress.eventsCommitted();
                lastMove = now;
            }
            failIfStopped(running, progress, now - started, now - lastMove);
            if (now >= nextReport) {
                LOG.info("Processed {} of {} events", progress.eventsCommitted(), progress.eventsEnd());
                nextReport = now + REPORT_INTERVAL.toNanos();
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private void failIfStopped(TopologyUnderTest.Running running, CatchUp.Progress progress, long runningNanos,
                               long stalledNanos) {
        KafkaStreams.State state = running.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.PENDING_SHUTDOWN) {
            throw new IllegalStateException("The topology stopped (" + state + ") after " + progress.eventsCommitted()
                    + " of " + progress.eventsEnd() + " events");
        }
        if (runningNanos > timeout.toNanos() || stalledNanos > STALL_LIMIT.toNanos()) {
            throw new IllegalStateException("The topology processed " + progress.eventsCommitted() + " of "
                    + progress.eventsEnd() + " events and " + (stalledNanos > STALL_LIMIT.toNanos()
                    ? "made no progress for " + STALL_LIMIT : "ran out of time (" + timeout + ")") + "; giving up");
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the benchmark's state directory " + dir, e);
        }
    }
}
