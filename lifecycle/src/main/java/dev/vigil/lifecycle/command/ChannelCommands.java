package dev.vigil.lifecycle.command;

import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.delivery.DeliveryId;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Reads and changes the channels of {@code vigil.channels.v1} (create, replace, delete), each validated with the
 * notifier's own {@link ChannelSpecs} and written as one record keyed by name, so a channel that cannot work never
 * reaches the topic; and tests one by sending it a synthetic alert. Own writes are read back at once
 * ({@link OwnWrites}); changes through this instance are serialized (check, then write), so two concurrent creates give
 * one success and one conflict. Across instances the last write wins on the compacted topic; issue 6 routes changes
 * to one instance.
 *
 * <p>Secrets: answers are built from {@link ChannelSpecs#redacted}; a replacement may send a secret back as
 * {@value ChannelSpecs#REDACTED} to keep the stored value ({@link ChannelSpecs#keepingSecrets}).
 */
public final class ChannelCommands {

    private final OwnWrites<ChannelSpec> channels;
    private final TopicWriter<ChannelConfig> writer;
    private final ChannelSpecs specs;
    private final HostPolicy hosts;
    private final Clock clock;
    private final ReentrantLock changes = new ReentrantLock();

    /** @param hosts the SSRF guard of test deliveries (the service's allow-list) */
    public ChannelCommands(KeyedViewReader<ChannelSpec> view, TopicWriter<ChannelConfig> writer, ChannelSpecs specs,
                           HostPolicy hosts, Clock clock) {
        this.channels = new OwnWrites<>(view);
        this.writer = writer;
        this.specs = specs;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** The channel of this name; {@link ViewUnavailableException} when the view cannot say. */
    public Optional<ChannelSpec> get(String name) {
        return channels.get(name);
    }

    /** Every channel, in name order. */
    public List<ChannelSpec> all() {
        return channels.all();
    }

    /** {@code config} as the API shows it: every secret setting's value {@value ChannelSpecs#REDACTED}. */
    public ChannelConfig shown(ChannelSpec spec) {
        return specs.redacted(spec.config());
    }

    /**
     * Creates the channel {@code submitted} describes.
     *
     * @throws ChannelSettingsException it does not validate (before anything is checked or written)
     * @throws ConflictException        a channel of that name exists
     * @throws WriteFailedException     Kafka did not confirm it
     */
    public ChannelSpec create(ChannelConfig submitted) {
        ChannelSpec spec = specs.validate(submitted);
        return changing(() -> {
            if (get(spec.name()).isPresent()) {
                throw new ConflictException("a channel named " + spec.name() + " exists; change it with PUT /v1/channels/"
                        + spec.name(), Map.of());
            }
            return write(spec);
        });
    }

    /**
     * Replaces the channel of {@code submitted}'s name; a secret setting given as {@value ChannelSpecs#REDACTED}
     * keeps its stored value.
     *
     * @throws NotFoundException        no channel has that name
     * @throws ChannelSettingsException it does not validate
     */
    public ChannelSpec replace(ChannelConfig submitted) {
        return changing(() -> {
            ChannelSpec current = get(submitted.getName()).orElseThrow(() -> notFound(submitted.getName()));
            return write(specs.validate(specs.keepingSecrets(submitted, current.config())));
        });
    }

    /** Deletes the channel (a tombstone); {@link NotFoundException} when it has none. */
    public void delete(String name) {
        changing(() -> {
            get(name).orElseThrow(() -> notFound(name));
            channels.wrote(name, writer.delete(name), null);
            return null;
        });
    }

    /**
     * Sends one synthetic alert to the channel, built as the notifier would build it but behind this service's host
     * policy, with one attempt and no retry, and says how it went. Nothing of it reaches the ledger; the reason is
     * masked of the channel's secrets and of any URL's query.
     *
     * @throws NotFoundException no channel has that name
     */
    public ChannelTestResult test(String name, String actor) {
        ChannelSpec spec = get(name).orElseThrow(() -> notFound(name));
        Alert alert = testAlert(name, actor, clock.instant());
        Channel channel = null;
        try {
            channel = specs.build(spec, hosts);
            DeliveryResult result = channel.send(alert, DeliveryId.of(alert, name));
            return result.kind() == DeliveryResult.Kind.DELIVERED
                    ? new ChannelTestResult(true, result.statusCode(), null)
                    : new ChannelTestResult(false, result.statusCode(), specs.mask(result.reason(), spec.config(), channel));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ChannelTestResult(false, null, "interrupted");
        } catch (IOException | RuntimeException e) {
            return new ChannelTestResult(false, null, specs.mask(describe(e), spec.config(), channel));
        }
    }

    /**
     * The alert a test sends: {@code low}, rule {@code vigil_channel_test}, a new id each time (so a receiver that
     * folds by id, PagerDuty's {@code dedup_key}, shows every test), saying who asked.
     */
    static Alert testAlert(String channel, String actor, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return Alert.newBuilder()
                .setAlertId("vigil-test-" + UUID.randomUUID().toString().replace("-", ""))
                .setRuleId("vigil_channel_test")
                .setRuleName("Vigil channel test")
                .setCategory("test")
                .setSeverity(Severity.low)
                .setScore(0)
                .setTenantId("vigil")
                .setAgentId("vigil:channel-test")
                .setDescription("A test notification for channel " + channel + ", sent by " + actor
                        + " through the lifecycle API. No agent did anything.")
                .setWindowStart(at)
                .setWindowEnd(at)
                .setEvidence(Evidence.newBuilder().setEventIds(List.of()).build())
                .setSuggestedAction("None: this checks the channel's configuration.")
                .setOccurrences(1)
                .setFirstSeen(at)
                .setLastSeen(at)
                .setDetectedAt(at)
                .setChannels(List.of(channel))
                .build();
    }

    private ChannelSpec write(ChannelSpec spec) {
        channels.wrote(spec.name(), writer.put(spec.name(), spec.config()), spec);
        return spec;
    }

    private <T> T changing(Supplier<T> change) {
        changes.lock();
        try {
            return change.get();
        } finally {
            changes.unlock();
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no channel named " + shorten(name));
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? type : type + ": " + e.getMessage();
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
