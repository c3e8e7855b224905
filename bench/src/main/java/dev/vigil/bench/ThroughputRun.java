package dev.vigil.bench;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
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
    /** No progress for this long prints a {@link StallReport} (once per run); the run goes on until the limit. */
    private static final Duration STALL_REPORT_AFTER = Duration.ofSeconds(20);
    private static final int LOG_LINES_KEPT = 2000;
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(2);

    private final String bootstrapServers;
    private final BenchOptions options;
    private final Duration timeout;
    private final boolean deleteTopicsAfter;
    private boolean stallReported;

    ThroughputRun(String bootstrapServers, BenchOptions options, Duration timeout) {
        this(bootstrapServers, options, timeout, false);
    }

    /** @param deleteTopicsAfter delete the run's topics and the application's internal topics when done */
    ThroughputRun(String bootstrapServers, BenchOptions options, Duration timeout, boolean deleteTopicsAfter) {
        this.bootstrapServers = bootstrapServers;
        this.options = options;
        this.timeout = timeout;
        this.deleteTopicsAfter = deleteTopicsAfter;
    }

    /** True if the last run stalled long enough to print a stall report (its time, if it finished, is not typical). */
    boolean stallReported() {
        return stallReported;
    }

    ThroughputResult run(Topics topics) throws Exception {
        TopologyUnderTest topology = TopologyUnderTest.named(options.topology());
        String registryUrl = "mem://bench-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicBootstrap.ensure(admin, topics, options.partitions(), (short) 1, Duration.ofMinutes(1));
            preload(topics, registryUrl);
            String applicationId = "vigil-bench-" + UUID.randomUUID().toString().substring(0, 8);
            Path stateDir = Files.createTempDirectory("vigil-bench-state-");
            try (TailReader tail = new TailReader(bootstrapServers)) {
                RunSetup setup = new RunSetup(bootstrapServers, topics, registryUrl, applicationId, stateDir,
                        options.partitions(), options.threads());
                Duration elapsed = time(topology, setup, new CatchUp(admin, applicationId, topics.events(), tail));
                RecordCounter counter = new RecordCounter(bootstrapServers);
                return new ThroughputResult(options.events(), elapsed, options, counter.count(topics.alerts(), COUNT_TIMEOUT),
                        counter.count(topics.eventsDlq(), COUNT_TIMEOUT));
            } finally {
                deleteRecursively(stateDir);
                if (deleteTopicsAfter) {
                    deleteTopics(admin, topics, applicationId);
                }
            }
        }
    }

    private static void deleteTopics(Admin admin, Topics topics, String applicationId) {
        try {
            Set<String> doomed = new TreeSet<>(topics.asConfig().values());
            admin.listTopics().names().get().stream().filter(name -> name.startsWith(applicationId + "-")).forEach(doomed::add);
            admin.deleteTopics(doomed).all().get();
        } catch (ExecutionException e) {
            LOG.warn("Could not delete the run's topics: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void preload(Topics topics, String registryUrl) {
        long started = System.nanoTime();
        Preloader preloader = new Preloader(bootstrapServers, registryUrl);
        preloader.load(new SyntheticFleet(options.agents(), options.seed()), topics,
                options.events(), Preloader.Keys.valueOf(options.keys().toUpperCase(java.util.Locale.ROOT)));
        LOG.info("Pre-produced {} events of {} agents in {} ms", options.events(), options.agents(),
                (System.nanoTime() - started) / 1_000_000);
        if (options.rules() > 0) {
            QuietLogs.ruleUpdates();
            preloader.loadRules(topics, SyntheticRules.records(options.ruleShape(), options.rules(), options.agents()));
            LOG.info("Published {} {} custom rules ({} of them alerting) on {}", options.rules(), options.ruleShape(),
                    SyntheticRules.alerting(options.rules()), topics.rules());
        }
    }

    private Duration time(TopologyUnderTest topology, RunSetup setup, CatchUp catchUp) throws Exception {
        stallReported = false;
        try (KafkaLogRecorder recorder = KafkaLogRecorder.start(LOG_LINES_KEPT)) {
            long started = System.nanoTime();
            try (TopologyUnderTest.Running running = topology.start(setup)) {
                awaitCatchUp(catchUp, running, started, setup, recorder);
                return Duration.ofNanos(System.nanoTime() - started);
            }
        }
    }

    private void awaitCatchUp(CatchUp catchUp, TopologyUnderTest.Running running, long started, RunSetup setup,
                              KafkaLogRecorder recorder) throws Exception {
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
                catchUp.requireNothingDeleted();
                if (progress.markerTails() > 0) {
                    LOG.info("Caught up; on {} partition(s) the committed offset stays below the end, only transaction"
                            + " markers lying in between", progress.markerTails());
                }
                if (stallReported) {
                    LOG.warn("This run stalled for over {} s and then finished; its time is not typical",
                            STALL_REPORT_AFTER.toSeconds());
                }
                return;
            }
            long now = System.nanoTime();
            if (progress.allCommitted() != lastCommitted) {
                lastCommitted = progress.allCommitted();
                lastMove = now;
            }
            if (!stallReported && now - lastMove > STALL_REPORT_AFTER.toNanos()) {
                stallReported = true;
                reportStall(progress, running, setup, catchUp, recorder, now - lastMove);
            }
            if (now - lastMove > STALL_LIMIT.toNanos()) {
                catchUp.requireNothingDeleted();
            }
            failIfStopped(running, progress, now - started, now - lastMove);
            if (now >= nextReport) {
                LOG.info("Processed {} of {} events", progress.eventsCommitted(), progress.eventsEnd());
                nextReport = now + REPORT_INTERVAL.toNanos();
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private static void reportStall(CatchUp.Progress progress, TopologyUnderTest.Running running, RunSetup setup,
                                    CatchUp catchUp, KafkaLogRecorder recorder, long stalledNanos) {
        Topics topics = setup.topics();
        String report = StallReport.build(setup.applicationId(), catchUp,
                List.of(topics.alertEvents(), topics.alerts(), topics.eventsDlq()), running.streams(), recorder);
        System.out.println("##### STALL REPORT: no committed offset moved for " + stalledNanos / 1_000_000 + " ms at "
                + progress.eventsCommitted() + " of " + progress.eventsEnd() + " events (Kafka Streams "
                + running.state() + ") #####");
        System.out.print(report);
        System.out.println("##### END OF STALL REPORT #####");
        System.out.flush();
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
