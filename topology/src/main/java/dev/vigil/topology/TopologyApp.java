package dev.vigil.topology;

import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.EffectiveConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.topology.ingest.ProfileDeserializationHandler;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection app: the one place that turns {@link VigilTopology} into a running {@link KafkaStreams}. It
 * creates the topics it needs (never broker auto-creation), runs with exactly-once v2 by default, exposes
 * {@code /health} (UP only while RUNNING or REBALANCING) and {@code /metrics} (Kafka Streams' meters through
 * Micrometer's {@link KafkaStreamsMetrics} plus {@link TopologyMetrics}), replaces a stream thread that dies
 * of an unexpected error, and logs one line per start, stop and failure.
 */
public final class TopologyApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyApp.class);
    private static final String APP = "vigil-topology";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final TopologyConfig config;
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private OpsServer ops;
    private boolean started;
    private boolean closed;

    public TopologyApp(TopologyConfig config) {
        this.config = config;
    }

    /**
     * The Kafka Streams properties of the app; {@code vigil replay} uses the same ones in a
     * {@code TopologyTestDriver}. Kafka client settings given as {@code kafka.*} pass through (and may override).
     */
    public static Properties streamsProperties(TopologyConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(TopologyConfig.APPLICATION_ID));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(TopologyConfig.STATE_DIR));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(TopologyConfig.NUM_STREAM_THREADS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(TopologyConfig.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(TopologyConfig.REPLICATION_FACTOR));
        // Both event topics are read as bytes and decoded by the topology itself (bad records to the DLQ); this
        // handler only guards the registry's typed source: a corrupt profile is skipped, an unavailable schema
        // registry stops the app (see ProfileDeserializationHandler).
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, ProfileDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(CommonConfig.kafkaProperties(config));
        return props;
    }

    /**
     * Creates or checks the topics, starts the ops endpoint and Kafka Streams; returns without waiting for
     * RUNNING. A failure (unreachable cluster, misconfigured topic) is logged in one line and thrown.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("The topology app was already started");
        }
        started = true;
        try {
            startStreams();
        } catch (RuntimeException e) {
            LOG.error("{} failed to start: {}", APP, e.getMessage());
            throw e;
        }
    }

    private void startStreams() {
        Topics topics = config.topics();
        LOG.info("Starting {} (application.id={}, bootstrap.servers={}) with:{}", APP,
                config.getString(TopologyConfig.APPLICATION_ID), String.join(",", config.getList(CommonConfig.BOOTSTRAP_SERVERS)),
                EffectiveConfig.describe(config));
        ensureTopics(topics);
        Topology topology = VigilTopology.build(topics, CommonConfig.serdes(config), config.detectionSettings(),
                new TopologyMetrics(registry));
        streams = new KafkaStreams(topology, streamsProperties(config));
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("{}: a stream thread failed and is being replaced: {}", APP, error.toString());
            LOG.debug("{}: stack trace of the stream thread failure", APP, error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> onStateChange(now));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        ops = OpsServer.start(APP, config.getInt(CommonConfig.OPS_PORT), registry, this::healthProblem);
        streams.start();
    }

    /** The state of Kafka Streams, or null before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? null : streams.state();
    }

    /**
     * The app's Kafka Streams instance, or null before {@link #start()}: for read-only diagnostics (the benchmark
     * prints its tasks and metrics when a run stalls). Never close or reconfigure it; {@link #close()} does that.
     */
    public synchronized KafkaStreams kafkaStreams() {
        return streams;
    }

    /** The port of {@code /health} and {@code /metrics} (useful when configured as 0). */
    public synchronized int opsPort() {
        if (ops == null) {
            throw new IllegalStateException("The topology app is not started");
        }
        return ops.port();
    }

    /** Stops Kafka Streams (waiting for it), then the metrics and the ops endpoint. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            boolean stopped = streams.close(CLOSE_TIMEOUT);
            if (!stopped) {
                LOG.warn("{}: Kafka Streams did not stop within {}", APP, CLOSE_TIMEOUT);
            }
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (ops != null) {
            ops.close();
        }
        registry.close();
        if (started) {
            LOG.info("{} stopped", APP);
        }
    }

    private void ensureTopics(Topics topics) {
        int replication = config.getInt(TopologyConfig.REPLICATION_FACTOR);
        try (Admin admin = Admin.create(CommonConfig.kafkaProperties(config))) {
            Set<String> created = TopicBootstrap.ensure(admin, topics, config.getInt(TopologyConfig.PARTITIONS),
                    (short) replication, TOPIC_TIMEOUT);
            if (!created.isEmpty()) {
                LOG.info("{}: created topics {}", APP, created);
            }
        }
    }

    private String healthProblem() {
        KafkaStreams current;
        synchronized (this) {
            current = streams;
        }
        return healthOf(current == null ? null : current.state());
    }

    /** Null (healthy) while RUNNING or REBALANCING — a rebalance is normal life — otherwise the reason. */
    static String healthOf(KafkaStreams.State state) {
        if (state == null) {
            return "not started";
        }
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? null : "Kafka Streams is " + state;
    }

    private void onStateChange(KafkaStreams.State now) {
        switch (now) {
            case RUNNING -> LOG.info("{} running", APP);
            case ERROR -> LOG.error("{} failed: Kafka Streams is in ERROR and has stopped processing", APP);
            default -> LOG.debug("{} is {}", APP, now);
        }
    }
}
