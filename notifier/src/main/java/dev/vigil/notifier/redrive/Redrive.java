package dev.vigil.notifier.redrive;

import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.notifier.consume.TopicMirror;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryId;
import dev.vigil.notifier.delivery.DeliveryReport;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.StopSignal;
import dev.vigil.notifier.route.ChannelDirectory;
import dev.vigil.notifier.route.ChannelTable;
import dev.vigil.notifier.route.RoutedChannel;
import dev.vigil.serde.SchemaRegistryUnavailableException;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sends the notifications the delivery ledger records as finally failed ({@code vigil notifier redrive}).
 *
 * <p>It reads the ledger from {@code since} ago to its end and keeps the (alert, channel) pairs that are
 * {@link StillFailed still failed}; reads the alerts topic over the same window and {@link #ALERTS_LEAD} earlier for
 * the latest record of each of those alerts; builds the channels as the notifier does ({@link NotifierChannels}: the
 * configured ones, then the channels topic read to its end); and sends each alert through the channel's
 * {@link ChannelDelivery#deliver}, so with the same retries, secret masking and ledger records as the app, and with
 * the idempotency key of the alert's version, which is the failed send's key unless the alert was repeated since. A
 * receiver that did get the first send drops the second. Every ledger record is written before the next alert is
 * sent (acks=all, idempotent producer), so an interrupted redrive leaves a true ledger and can simply be run again.
 *
 * <p>Nothing is committed anywhere: the readers have no consumer group, and the notifier's own group is untouched.
 */
public final class Redrive {

    /** How much earlier than the ledger the alerts topic is read: an alert is appended before its delivery is tried. */
    static final Duration ALERTS_LEAD = Duration.ofHours(1);
    /** How long the channels topic may take to be read to its end before the redrive gives up. */
    static final Duration CHANNELS_LOAD_WAIT = Duration.ofSeconds(30);
    /** How long a read or a ledger write may go without progress. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String CLIENT_ID = "vigil-notifier-redrive";

    private static final Logger LOG = LoggerFactory.getLogger(Redrive.class);
    /** A reader of existing topics never creates one, e.g. from a misspelt topic name. */
    private static final Map<String, Object> NO_TOPIC_CREATION = Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);

    private final NotifierConfig config;
    private final PrintStream console;
    private final PrintWriter out;
    private final SerdeFactory serdes;

    /**
     * @param console where the console channel prints, if it is among the channels
     * @param out     receives one line per failed delivery found, then the summary line
     */
    public Redrive(NotifierConfig config, PrintStream console, PrintWriter out) {
        this.config = Objects.requireNonNull(config, "config");
        this.console = Objects.requireNonNull(console, "console");
        this.out = Objects.requireNonNull(out, "out");
        this.serdes = CommonConfig.serdes(config);
    }

    /** One alert's re-send to one channel, or why it cannot be (then {@code skip} is set). */
    private record Resend(FailedDelivery failed, Alert alert, ChannelDelivery delivery, String skip) {
    }

    /**
     * Finds the still-failed deliveries of the request, then re-sends them (or, in a dry run, lists them); prints a line
     * for each and the summary, which it also returns.
     *
     * @throws IllegalStateException when a topic cannot be read or the ledger written; what was sent by then is on it
     */
    public RedriveSummary run(RedriveRequest request) throws InterruptedException {
        Instant from = Instant.now().minus(request.since());
        List<FailedDelivery> found = stillFailed(from).stream().filter(request::covers).toList();
        LOG.info("redrive: {} still failed on {} since {}", found.size(), config.topics().notifications(), from);
        if (found.isEmpty()) {
            return finish(new RedriveSummary(0, 0, 0, 0, request.dryRun()));
        }
        Instant alertsFrom = from.minus(ALERTS_LEAD);
        Map<String, Alert> alerts = latestAlerts(alertsFrom, found.stream().map(FailedDelivery::alertId).collect(Collectors.toSet()));
        // Nothing stops a redrive midway, so backoff pauses are waited out; the counters only live for the run.
        ChannelTable channels = channels(DeliveryRuntime.standard(new StopSignal(), new SimpleMeterRegistry()));
        List<Resend> plan = found.stream().map(f -> plan(f, alerts.get(f.alertId()), channels, alertsFrom)).toList();
        return finish(request.dryRun() ? list(plan) : resend(plan));
    }

    private List<FailedDelivery> stillFailed(Instant from) {
        StillFailed selection = new StillFailed();
        Deserializer<NotificationRecord> decoder = serdes.valueSerde(NotificationRecord.class).deserializer();
        try (Consumer<String, byte[]> consumer = NotifierChannels.groupless(config, CLIENT_ID + "-ledger", NO_TOPIC_CREATION)) {
            new TopicWindow(consumer, PATIENCE).read(config.topics().notifications(), from,
                    record -> decode(decoder, record).ifPresent(selection::add));
        }
        return selection.result();
    }

    /** The latest record of each wanted alert appended since {@code from}. */
    private Map<String, Alert> latestAlerts(Instant from, Set<String> wanted) {
        Map<String, Alert> latest = new HashMap<>();
        Deserializer<Alert> decoder = serdes.valueSerde(Alert.class).deserializer();
        try (Consumer<String, byte[]> consumer = NotifierChannels.groupless(config, CLIENT_ID + "-alerts", NO_TOPIC_CREATION)) {
            new TopicWindow(consumer, PATIENCE).read(config.topics().alerts(), from,
                    record -> decode(decoder, record).filter(a -> wanted.contains(a.getAlertId()))
                            .ifPresent(a -> latest.put(a.getAlertId(), a)));
        }
        return latest;
    }

    /** The channels in force once the channels topic is read to its end; fails rather than route with part of them. */
    private ChannelTable channels(DeliveryRuntime runtime) throws InterruptedException {
        ChannelDirectory directory = NotifierChannels.directory(config, NotifierChannels.configured(config, console, runtime), runtime);
        try (TopicMirror<ChannelConfig> mirror = NotifierChannels.channelMirror(config, directory, CLIENT_ID + "-channels",
                (record, problem) -> LOG.warn("Ignored the record of {} at partition {} offset {} (key {}): {}",
                        record.topic(), record.partition(), record.offset(), record.key(), problem))) {
            mirror.start(CLIENT_ID + "-channels");
            if (!mirror.awaitLoaded(CHANNELS_LOAD_WAIT)) {
                throw new IllegalStateException("could not read the channels on " + config.topics().channels() + " within "
                        + CHANNELS_LOAD_WAIT + (mirror.failure() == null ? "" : ": " + mirror.failure()));
            }
            return directory.table();
        }
    }

    private Resend plan(FailedDelivery failed, Alert alert, ChannelTable channels, Instant alertsFrom) {
        if (alert == null) {
            return new Resend(failed, null, null, "alert not found on " + config.topics().alerts() + " since " + alertsFrom);
        }
        Optional<RoutedChannel> channel = channels.get(failed.channel());
        if (channel.isEmpty()) {
            return new Resend(failed, alert, null, "channel gone: neither configured nor on " + config.topics().channels());
        }
        if (!channel.get().enabled()) {
            return new Resend(failed, alert, null, "channel disabled");
        }
        ChannelDelivery delivery = channel.get().delivery();
        if (!delivery.accepts(alert.getSeverity())) {
            return new Resend(failed, alert, null, "the channel no longer takes " + alert.getSeverity() + " alerts");
        }
        return new Resend(failed, alert, delivery, null);
    }

    private RedriveSummary list(List<Resend> plan) {
        int skipped = 0;
        for (Resend r : plan) {
            if (r.skip() != null) {
                skipped++;
                line("would skip", r, r.skip());
            } else {
                line("would re-send", r, "failed at " + r.failed().failedAt() + ": " + r.failed().reason());
            }
        }
        return new RedriveSummary(plan.size(), 0, 0, skipped, true);
    }

    private RedriveSummary resend(List<Resend> plan) {
        int delivered = 0;
        int failedAgain = 0;
        int skipped = 0;
        try (Producer<String, NotificationRecord> ledger = ledgerProducer()) {
            for (Resend r : plan) {
                if (r.skip() != null) {
                    skipped++;
                    line("skipped", r, r.skip());
                    continue;
                }
                DeliveryReport report = r.delivery().deliver(r.alert());
                write(ledger, report.ledger());
                NotificationRecord last = report.ledger().get(report.ledger().size() - 1);
                if (report.finished() && last.getOutcome() == DeliveryOutcome.delivered) {
                    delivered++;
                    line("delivered", r, "attempt " + last.getAttempt() + (last.getStatusCode() == null ? "" : ", status " + last.getStatusCode()));
                } else {
                    failedAgain++;
                    line("failed again", r, last.getReason());
                }
            }
        }
        return new RedriveSummary(plan.size(), delivered, failedAgain, skipped, false);
    }

    private void line(String what, Resend r, String detail) {
        out.println(String.format("%-13s alert %s to %s%s: %s", what, r.failed().alertId(), r.failed().channel(), key(r), detail));
        out.flush();
    }

    /** The key the re-send uses (when it is sent); a repeat of the alert since the failure has a key of its own. */
    private static String key(Resend r) {
        if (r.alert() == null) {
            return "";
        }
        String key = DeliveryId.of(r.alert(), r.failed().channel());
        return key.equals(r.failed().deliveryId()) ? ", key " + key
                : ", key " + key + " (the alert was repeated since, occurrences " + r.alert().getOccurrences()
                        + "; the failed send had key " + r.failed().deliveryId() + ")";
    }

    private void write(Producer<String, NotificationRecord> ledger, List<NotificationRecord> records) {
        String topic = config.topics().notifications();
        List<Future<RecordMetadata>> writes = records.stream()
                .map(r -> ledger.send(new ProducerRecord<>(topic, r.getAlertId(), r))).toList();
        try {
            for (Future<RecordMetadata> write : writes) {
                write.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the delivery ledger " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot write the delivery ledger " + topic + " within " + PATIENCE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the delivery ledger " + topic, e);
        }
    }

    private Producer<String, NotificationRecord> ledgerProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        props.putAll(CommonConfig.kafkaProperties(config));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), serdes.valueSerde(NotificationRecord.class).serializer());
    }

    /** The value, or empty for a tombstone or bytes that cannot be decoded (logged); an unreachable registry fails. */
    private static <V> Optional<V> decode(Deserializer<V> decoder, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(decoder.deserialize(record.topic(), record.headers(), record.value()));
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Skipped the undecodable record of {} at partition {} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private RedriveSummary finish(RedriveSummary summary) {
        out.println(summary.line());
        out.flush();
        return summary;
    }
}
