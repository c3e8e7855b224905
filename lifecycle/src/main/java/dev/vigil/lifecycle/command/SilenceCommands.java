package dev.vigil.lifecycle.command;

import dev.vigil.avro.Silence;
import dev.vigil.ingest.IngestException;
import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.silence.SilenceJson;
import dev.vigil.notifier.silence.SilenceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Reads, creates and ends the silences of {@code vigil.silences.v1}, each validated with the notifier's own
 * {@link SilenceSpec} and written as one record keyed by silenceId. A silence is never deleted through the API:
 * ending it writes it again with {@code endsAt} = now and who ended it in its comment, so the topic keeps the record
 * of what was silenced, when, and who stopped it. Own writes are read back at once ({@link OwnWrites}); changes
 * through this instance are serialized.
 */
public final class SilenceCommands {

    private static final Comparator<SilenceSpec> ORDER =
            Comparator.comparing(SilenceSpec::startsAt).thenComparing(SilenceSpec::silenceId);

    private final OwnWrites<SilenceSpec> silences;
    private final TopicWriter<Silence> writer;
    private final Duration maxDuration;
    private final Clock clock;
    private final ReentrantLock changes = new ReentrantLock();

    /** @param maxDuration the longest silence a submission may ask for */
    public SilenceCommands(KeyedViewReader<SilenceSpec> view, TopicWriter<Silence> writer, Duration maxDuration,
                           Clock clock) {
        this.silences = new OwnWrites<>(view);
        this.writer = writer;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    /** The silence of this id, ended or not; {@link ViewUnavailableException} when the view cannot say. */
    public Optional<SilenceSpec> get(String silenceId) {
        return silences.get(silenceId);
    }

    /** The silences not over at {@code now} (active or yet to begin), or all of them, by startsAt then id. */
    public List<SilenceSpec> list(boolean includeEnded, Instant now) {
        return silences.all().stream().filter(s -> includeEnded || !s.endedBy(now)).sorted(ORDER).toList();
    }

    /** Now, to the millisecond the records keep. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Creates the silence {@code submitted} describes.
     *
     * @throws IngestException      it does not validate, e.g. it lasts longer than the maximum ({@code endsAt})
     * @throws ConflictException    its id has a record
     * @throws WriteFailedException Kafka did not confirm it
     */
    public SilenceSpec create(Silence submitted) {
        SilenceSpec spec = SilenceSpec.submitted(submitted, now(), maxDuration);
        return changing(() -> {
            get(spec.silenceId()).ifPresent(existing -> {
                throw new ConflictException("a silence with id " + spec.silenceId() + " exists", Map.of());
            });
            return write(spec);
        });
    }

    /**
     * Ends the silence now, by {@code actor}: written again with {@code endsAt} = now (its start, for one that had
     * not begun) and {@code [ended early by <actor> at <time>]} added to its comment.
     *
     * @throws NotFoundException no silence has that id
     * @throws ConflictException it is over already
     */
    public SilenceSpec end(String silenceId, String actor) {
        return changing(() -> {
            SilenceSpec current = get(silenceId).orElseThrow(() -> new NotFoundException("no silence with id "
                    + shorten(silenceId)));
            Instant now = now();
            if (current.endedBy(now)) {
                throw new ConflictException("the silence " + silenceId + " is over since "
                        + SilenceJson.format(current.endsAt()), Map.of("endsAt", SilenceJson.format(current.endsAt())));
            }
            return write(current.endedAt(now, "ended early by " + actor + " at " + SilenceJson.format(now)));
        });
    }

    private SilenceSpec write(SilenceSpec spec) {
        silences.wrote(spec.silenceId(), writer.put(spec.silenceId(), spec.toRecord()), spec);
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

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
