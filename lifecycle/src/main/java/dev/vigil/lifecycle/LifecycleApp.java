package dev.vigil.lifecycle;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.Silence;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.api.LifecycleHttpServer;
import dev.vigil.lifecycle.audit.ChainingEventWriter;
import dev.vigil.lifecycle.view.AlertTally;
import dev.vigil.lifecycle.audit.LifecycleTopicReader;
import dev.vigil.lifecycle.audit.TopicChainHeads;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.cluster.Cluster;
import dev.vigil.lifecycle.cluster.ClusterSettings;
import dev.vigil.lifecycle.cluster.LocalViews;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.command.KafkaLifecycleEventWriter;
import dev.vigil.lifecycle.command.KafkaRuleWriter;
import dev.vigil.lifecycle.command.KafkaTopicWriter;
import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.JournalFeeder;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.view.AgentViews;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.IncidentViewReader;
import dev.vigil.lifecycle.view.LifecycleTopology;
import dev.vigil.lifecycle.view.StoreAlertViewReader;
import dev.vigil.lifecycle.view.StoreNotificationViewReader;
import dev.vigil.lifecycle.view.StoreIncidentViewReader;
import dev.vigil.lifecycle.view.StoreRecordViewReader;
import dev.vigil.lifecycle.view.StoreRuleViewReader;
import dev.vigil.lifecycle.view.ViewMeters;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.silence.SilenceSpec;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle service: the alert, rules, channels, silences, agents and agent-status views (Kafka Streams), the
 * producers of lifecycle events and of rule, channel, silence and agent records, and the HTTP API with {@code /health} and {@code /metrics}, started
 * and stopped together. Wiring only; the parts live in
 * {@code view}, {@code command} and {@code api}.
 *
 * <p>The view runs at-least-once: re-applying an alert is harmless and a redelivered lifecycle event is recognised
 * by its eventId, so exactly-once would buy nothing here ({@code kafka.processing.guarantee} still overrides it).
 * A stream thread that dies on an unexpected error is logged and replaced; the global thread of the rules, channels
 * and silences views cannot be, so its failure stops the views and {@code /health} answers 503 until a restart.
 *
 * <p>Every lifecycle event goes through one {@link ChainingEventWriter}, which puts it on its tenant's audit hash
 * chain; at start it reads the tenants' last hashes from the lifecycle topic. One instance writes for a tenant at a
 * time (a second would fork the chain, which {@code vigil audit verify} reports): with several instances, changes
 * are forwarded to the one that leads writes ({@link Cluster}), and reads see every instance's part of the view.
 */
public final class LifecycleApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleApp.class);
    private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> ANY_HOST = Set.of("0.0.0.0", "::", "[::]");

    private final LifecycleConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private PrometheusMeterRegistry registry;
    private KafkaStreams streams;
    private JournalFeeder feeder;
    private KafkaStreamsMetrics streamsMetrics;
    private Producer<String, AlertLifecycleEvent> producer;
    private KafkaClientMetrics producerMetrics;
    private Producer<String, RuleDefinition> rulesProducer;
    private KafkaClientMetrics rulesProducerMetrics;
    private Producer<String, ChannelConfig> channelsProducer;
    private KafkaClientMetrics channelsProducerMetrics;
    private Producer<String, Silence> silencesProducer;
    private KafkaClientMetrics silencesProducerMetrics;
    private Producer<String, AgentProfile> agentsProducer;
    private KafkaClientMetrics agentsProducerMetrics;
    private LifecycleHttpServer http;
    private OpsServer ops;
    private Cluster cluster;

    public LifecycleApp(LifecycleConfig config) {
        this.config = config;
    }

    /**
     * Starts the producer, the API and the ops endpoint, then the view; on failure closes what started and throws.
     * The ports are bound before the view joins its consumer group, so a port in use fails fast without a rebalance.
     * Until the view is RUNNING, {@code /health} answers 503 and reads answer 503 (view not ready).
     */
    private dev.vigil.lifecycle.auth.ApiKeys keys;

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the lifecycle service is already started");
        }
        keys = config.apiKeys();
        try {
            startParts();
            Topics topics = Topics.from(config);
            LOG.info("Lifecycle service started: API {}, ops port {}, application.id {}, view of {} and {}, rules "
                            + "of {}, channels of {}, silences of {}", baseUrl(), ops.port(), config.applicationId(),
                    topics.alerts(), topics.alertEvents(), topics.rules(), topics.channels(), topics.silences());
        } catch (RuntimeException e) {
            LOG.error("Lifecycle service failed to start: {}", e.getMessage(), e);
            close();
            throw e;
        }
    }

    private void startParts() {
        Topics topics = Topics.from(config);
        SerdeFactory serdes = CommonConfig.serdes(config);
        registry = OpsServer.newRegistry();
        ChannelSpecs channelSpecs = ChannelSpecs.STANDARD;
        EventJournal journal = new EventJournal(config.streamJournalSize(), Clock.systemUTC());
        ClusterSettings clusterSettings = ClusterSettings.from(config);
        AlertTally tally = new AlertTally();
        tally.bind(registry);
        streams = new KafkaStreams(LifecycleTopology.build(topics, serdes, channelSpecs, tally, config.incidentGap()),
                new StreamsConfig(streamsProperties(clusterSettings)));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("A view's stream thread failed; replacing it (the global thread of the rules, channels and "
                    + "silences views cannot be)", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        ViewMeters.bind(registry, streams);
        producer = new KafkaProducer<>(producerProperties("-commands"), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        rulesProducer = new KafkaProducer<>(producerProperties("-rules"), new StringSerializer(),
                serdes.valueSerde(RuleDefinition.class).serializer());
        rulesProducerMetrics = new KafkaClientMetrics(rulesProducer);
        rulesProducerMetrics.bindTo(registry);
        channelsProducer = new KafkaProducer<>(producerProperties("-channels"), new StringSerializer(),
                serdes.valueSerde(ChannelConfig.class).serializer());
        channelsProducerMetrics = new KafkaClientMetrics(channelsProducer);
        channelsProducerMetrics.bindTo(registry);
        silencesProducer = new KafkaProducer<>(producerProperties("-silences"), new StringSerializer(),
                serdes.valueSerde(Silence.class).serializer());
        silencesProducerMetrics = new KafkaClientMetrics(silencesProducer);
        silencesProducerMetrics.bindTo(registry);
        agentsProducer = new KafkaProducer<>(producerProperties("-agents"), new StringSerializer(),
                serdes.valueSerde(AgentProfile.class).serializer());
        agentsProducerMetrics = new KafkaClientMetrics(agentsProducer);
        agentsProducerMetrics.bindTo(registry);
        Duration timeout = config.writeTimeout();
        ChainingEventWriter chain = new ChainingEventWriter(
                new KafkaLifecycleEventWriter(producer, topics.alertEvents(), timeout),
                new TopicChainHeads(LifecycleTopicReader.of(config), topics.alertEvents(), producer::flush));
        LocalViews local = new LocalViews(new StoreAlertViewReader(streams, topics.alerts()),
                new StoreIncidentViewReader(streams), new StoreNotificationViewReader(streams));
        cluster = Cluster.of(clusterSettings, streams, local, topics.alerts(), chain::resume);
        streams.setStateListener(cluster::onStateChange);
        AlertViewReader reader = cluster.reader();
        IncidentViewReader incidents = cluster.incidentReader();
        LifecycleEventWriter events = cluster.writer(chain);
        AlertCommands commands = new AlertCommands(reader, events, Clock.systemUTC(), timeout);
        RuleCommands rules = new RuleCommands(new StoreRuleViewReader(streams),
                new KafkaRuleWriter(rulesProducer, topics.rules(), timeout));
        ChannelCommands channels = new ChannelCommands(
                new StoreRecordViewReader<>("channels view", streams, LifecycleTopology.CHANNELS_STORE,
                        channelSpecs::validate),
                new KafkaTopicWriter<>(channelsProducer, topics.channels(), timeout, "channel"),
                channelSpecs, config.channelHosts(), Clock.systemUTC());
        SilenceCommands silences = new SilenceCommands(
                new StoreRecordViewReader<>("silences view", streams, LifecycleTopology.SILENCES_STORE,
                        SilenceSpec::fromRecord),
                new KafkaTopicWriter<>(silencesProducer, topics.silences(), timeout, "silence"),
                config.silenceMaxDuration(), Clock.systemUTC());
        AgentRegistry agents = new AgentRegistry(AgentViews.profiles(streams),
                new KafkaTopicWriter<>(agentsProducer, topics.agents(), timeout, "agent"));
        AgentControl agentControl = new AgentControl(agents, AgentViews.statuses(streams), events, Clock.systemUTC());
        http = LifecycleHttpServer.start(config.httpHost(), config.httpPort(),
                new LifecycleHttpServer.Services(reader, commands, rules, channels, silences,
                        new EventStream(journal, config.streamHeartbeat(), config.streamMaxClients()),
                        cluster.notificationReader(),
                        incidents,
                        new IncidentCommands(incidents, events, Clock.systemUTC(), timeout),
                        agents, agentControl),
                registry,
                this::healthProblem, keys, cluster::register);
        ops = OpsServer.start("lifecycle", config.opsPort(), registry, this::healthProblem);
        Map<String, Object> feederProps = new HashMap<>(CommonConfig.kafkaProperties(config));
        feederProps.put(org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG,
                config.applicationId() + "-stream");
        feeder = new JournalFeeder(feederProps, topics.alerts(), topics.alertEvents(),
                serdes.valueSerde(Alert.class).deserializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer(), journal);
        feeder.start();
        streams.start();
    }

    private Map<String, Object> streamsProperties(ClusterSettings clusterSettings) {
        Map<String, Object> props = new HashMap<>(CommonConfig.kafkaProperties(config));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        clusterSettings.applicationServer()
                .ifPresent(server -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        return props;
    }

    private Map<String, Object> producerProperties(String clientSuffix) {
        Map<String, Object> props = new HashMap<>(CommonConfig.kafkaProperties(config));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + clientSuffix);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.writeTimeout().toMillis());
        return props;
    }

    /** Null when the view is RUNNING, otherwise why the service is not ready. */
    private String healthProblem() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? cluster.problem() : "Kafka Streams is " + state;
    }

    /** The port the HTTP API is bound to (the configured one, or the free one taken for 0). */
    public int httpPort() {
        requireStarted();
        return http.port();
    }

    /** Where the API answers, e.g. {@code http://localhost:8080}; a wildcard listen address is shown as localhost. */
    public String baseUrl() {
        String host = config.httpHost();
        return "http://" + (ANY_HOST.contains(host) ? "localhost" : host) + ":" + httpPort();
    }

    private void requireStarted() {
        if (http == null) {
            throw new IllegalStateException("the lifecycle service is not started");
        }
    }

    /** Stops the API first (no new commands), then the views and the producers. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly("HTTP API", http);
        closeQuietly("ops endpoint", ops);
        closeQuietly("live stream feeder", feeder);
        if (streams != null) {
            streams.close(STREAMS_CLOSE_TIMEOUT);
        }
        closeQuietly("Streams metrics", streamsMetrics);
        closeQuietly("producer metrics", producerMetrics);
        closeQuietly("rules producer metrics", rulesProducerMetrics);
        closeQuietly("channels producer metrics", channelsProducerMetrics);
        closeQuietly("silences producer metrics", silencesProducerMetrics);
        closeQuietly("agents producer metrics", agentsProducerMetrics);
        for (Producer<String, ?> p : Arrays.asList(producer, rulesProducer, channelsProducer, silencesProducer,
                agentsProducer)) {
            if (p != null) {
                p.close(PRODUCER_CLOSE_TIMEOUT);
            }
        }
        if (registry != null) {
            registry.close();
        }
        LOG.info("Lifecycle service stopped");
    }

    private static void closeQuietly(String what, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} failed: {}", what, e.getMessage());
        }
    }
}
