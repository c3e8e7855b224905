package dev.vigil.notifier;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Silence;
import dev.vigil.notifier.consume.TopicMirror;
import dev.vigil.notifier.redrive.NotifierChannels;
import dev.vigil.notifier.route.ChannelDirectory;
import dev.vigil.notifier.silence.SilenceBook;
import dev.vigil.notifier.silence.SilenceSpec;
import io.micrometer.core.instrument.Counter;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.notifier.channel.SafeUrl;
import dev.vigil.notifier.channel.webhook.WebhookChannel;
import dev.vigil.notifier.consume.AlertLoop;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.StopSignal;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier app: reads {@code vigil.alerts.v1}, delivers each alert to the configured channels, and records every
 * outcome on {@code vigil.notifications.v1}. {@link #start()} runs the {@link AlertLoop} on its own thread and opens
 * the ops endpoint ({@code /health}, {@code /metrics}); {@link #close()} lets the loop finish the delivery in hand,
 * write its ledger records and commit, then stops. See {@link AlertLoop} for the delivery guarantee.
 */
public final class NotifierApp implements AutoCloseable {

    public static final String APP = "vigil-notifier";

    private static final Logger LOG = LoggerFactory.getLogger(NotifierApp.class);
    private static final Duration REGISTRY_RETRY_PAUSE = Duration.ofSeconds(5);
    static final Duration CONFIG_LOAD_WAIT = Duration.ofSeconds(30);

    private final NotifierConfig config;
    private final PrintStream console;
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final StopSignal stop = new StopSignal();
    private final Object lifecycle = new Object();
    private volatile String failure;
    private Thread loopThread;
    private ChannelDirectory directory;
    private TopicMirror<ChannelConfig> channelMirror;
    private TopicMirror<Silence> silenceMirror;
    private volatile SilenceBook silences = SilenceBook.EMPTY;
    private OpsServer ops;
    private boolean started;
    private boolean closed;

    public NotifierApp(NotifierConfig config) {
        this(config, System.out);
    }

    /** {@code console} receives the console channel's lines (System.out in production, a buffer in tests). */
    public NotifierApp(NotifierConfig config, PrintStream console) {
        this.config = Objects.requireNonNull(config, "config");
        this.console = Objects.requireNonNull(console, "console");
    }

    /** Opens the ops endpoint and the Kafka clients and starts delivering on a background thread. */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(APP + " can be started once, and not after close()");
            }
            started = true;
            List<ChannelDelivery> deliveries = deliveries();
            ops = OpsServer.start(APP, config.getInt(CommonConfig.OPS_PORT), registry, this::health);
            AlertLoop loop;
            try {
                startMirrors(deliveries);
                loop = newLoop();
            } catch (RuntimeException e) {
                closeMirrors();
                ops.close();
                throw e;
            }
            loopThread = new Thread(() -> runLoop(loop), APP + "-loop");
            loopThread.start();
            LOG.info("{} started: {} → channels {} (webhook {}), ledger {}, group {}", APP, config.topics().alerts(),
                    config.channels(), config.channels().contains(WebhookChannel.TYPE) ? SafeUrl.of(config.webhook().url()) : "off",
                    config.topics().notifications(), config.groupId());
        }
    }

    /** Stops after the delivery in hand: its ledger records are written and the finished offsets committed. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop.stop();
        closeMirrors();
        if (loopThread != null) {
            try {
                loopThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ops != null) {
            ops.close();
        }
        registry.close();
        if (started) {
            LOG.info("{} stopped", APP);
        }
    }

    /** The ops port actually bound (useful when configured as 0). */
    public int opsPort() {
        return ops.port();
    }

    /** Why the delivery loop died, or {@code null} while it is healthy. */
    public String failure() {
        return failure;
    }

    private String health() {
        if (failure != null) {
            return "delivery loop failed: " + failure;
        }
        for (TopicMirror<?> mirror : new TopicMirror<?>[] {channelMirror, silenceMirror}) {
            if (mirror != null && mirror.failure() != null) {
                return "no longer following " + (mirror == channelMirror ? "channels" : "silences") + ": " + mirror.failure();
            }
        }
        if (stop.isStopped()) {
            return "stopping";
        }
        return loopThread != null && loopThread.isAlive() ? null : "not running";
    }

    private void runLoop(AlertLoop loop) {
        try {
            awaitMirrors();
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("{} failed, no longer delivering: {}", APP, failure, e);
        }
    }

    private List<ChannelDelivery> deliveries() {
        return NotifierChannels.configured(config, console, DeliveryRuntime.standard(stop, registry));
    }

    /**
     * Follows the channels and silences topics; the loop waits (up to {@link #CONFIG_LOAD_WAIT}) until what they held at
     * start is applied, so no alert is routed before the channels and silences are known.
     */
    private void startMirrors(List<ChannelDelivery> configured) {
        SerdeFactory serdes = CommonConfig.serdes(config);
        DeliveryRuntime runtime = DeliveryRuntime.standard(stop, registry);
        directory = NotifierChannels.directory(config, configured, runtime);
        Counter rejected = Counter.builder("vigil.notifier.config.rejected")
                .description("Records of the channels and silences topics that could not be applied").register(registry);
        channelMirror = NotifierChannels.channelMirror(config, directory, APP + "-channels",
                (record, problem) -> rejected(rejected, record, problem));
        silenceMirror = new TopicMirror<>(config.topics().silences(), () -> NotifierChannels.groupless(config, APP + "-silences"),
                serdes.valueSerde(Silence.class).deserializer(), this::applySilence,
                (record, problem) -> rejected(rejected, record, problem));
        channelMirror.start(APP + "-channels");
        silenceMirror.start(APP + "-silences");
    }

    /** Waits (on the loop's thread) until the mirrors applied what their topics held at start, or the wait is over. */
    private void awaitMirrors() {
        try {
            for (TopicMirror<?> mirror : List.of(channelMirror, silenceMirror)) {
                if (!mirror.awaitLoaded(CONFIG_LOAD_WAIT) && !stop.isStopped()) {
                    LOG.warn("{}: {} not fully read within {}; delivering with what is known ({})", APP,
                            mirror == channelMirror ? config.topics().channels() : config.topics().silences(), CONFIG_LOAD_WAIT,
                            mirror.failure() == null ? "still reading" : mirror.failure());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applySilence(String id, Silence record) {
        if (record == null) {
            silences = silences.without(id);
            return;
        }
        SilenceSpec spec = SilenceSpec.fromRecord(record);
        if (!spec.silenceId().equals(id)) {
            throw new IllegalArgumentException("its key " + id + " is not its silenceId " + spec.silenceId());
        }
        silences = silences.with(spec);
    }

    /** The silence holding an alert back now, as the ledger's reason. */
    private java.util.Optional<String> silencing(Alert alert, java.time.Instant now) {
        return silences.silencing(alert, now).map(s -> "silenced by " + s.silenceId() + " (" + s.createdBy() + ", until "
                + s.endsAt() + "): " + s.comment());
    }

    private static void rejected(Counter counter, org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record,
                                 String problem) {
        counter.increment();
        LOG.warn("Ignored the record of {} at partition {} offset {} (key {}): {}; the previous version stays in force",
                record.topic(), record.partition(), record.offset(), record.key(), problem);
    }

    private void closeMirrors() {
        for (TopicMirror<?> mirror : new TopicMirror<?>[] {channelMirror, silenceMirror}) {
            if (mirror != null) {
                mirror.close();
            }
        }
    }

    private AlertLoop newLoop() {
        SerdeFactory serdes = CommonConfig.serdes(config);
        Serializer<NotificationRecord> ledgerSerializer = serdes.valueSerde(NotificationRecord.class).serializer();
        Deserializer<Alert> alertDeserializer = serdes.valueSerde(Alert.class).deserializer();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, NotificationRecord> producer;
        try {
            producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), ledgerSerializer);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        return new AlertLoop(consumer, producer, alertDeserializer, serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                directory::table, this::silencing,
                new AlertLoop.Topics(config.topics().alerts(), config.topics().notifications(), config.topics().alertEvents()),
                stop, registry, Clock.systemUTC(), REGISTRY_RETRY_PAUSE);
    }

    /**
     * Defaults first (a new group starts at the earliest alert, so none produced before the first start is missed;
     * small batches, so a slow channel delays few commits), then the {@code kafka.*} pass-through, then what the
     * delivery guarantee depends on and no setting may change.
     */
    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, APP);
        props.putAll(CommonConfig.kafkaProperties(config));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, APP + "-ledger");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(CommonConfig.kafkaProperties(config));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
