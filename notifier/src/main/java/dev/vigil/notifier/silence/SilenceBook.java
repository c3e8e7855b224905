package dev.vigil.notifier.silence;

import dev.vigil.avro.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The silences known at one moment, immutable, like a rule set: a change builds a new book (silences are few,
 * notifications many), so one notification is judged by one consistent set. Silences that are over stay in the book,
 * because a record on the compacted topic says nothing about its removal; they simply match nothing any more.
 *
 * <p>Order: by {@code startsAt}, then {@code silenceId}. {@link #silencing} answers the first active silence that
 * matches in that order, so every instance and every replay names the same silence in the ledger.
 */
public final class SilenceBook {

    public static final SilenceBook EMPTY = new SilenceBook(new TreeMap<>());

    private static final Comparator<SilenceSpec> ORDER =
            Comparator.comparing(SilenceSpec::startsAt).thenComparing(SilenceSpec::silenceId);

    private final TreeMap<String, SilenceSpec> byId;
    private final List<SilenceSpec> ordered;

    private SilenceBook(TreeMap<String, SilenceSpec> byId) {
        this.byId = byId;
        List<SilenceSpec> all = new ArrayList<>(byId.values());
        all.sort(ORDER);
        this.ordered = Collections.unmodifiableList(all);
    }

    /** This book with {@code spec} added, or replacing the silence of the same id. */
    public SilenceBook with(SilenceSpec spec) {
        TreeMap<String, SilenceSpec> next = new TreeMap<>(byId);
        next.put(spec.silenceId(), spec);
        return new SilenceBook(next);
    }

    /** This book without the silence {@code silenceId} (a tombstone); the same book when it has none. */
    public SilenceBook without(String silenceId) {
        if (!byId.containsKey(silenceId)) {
            return this;
        }
        TreeMap<String, SilenceSpec> next = new TreeMap<>(byId);
        next.remove(silenceId);
        return new SilenceBook(next);
    }

    public Optional<SilenceSpec> get(String silenceId) {
        return Optional.ofNullable(byId.get(silenceId));
    }

    /** Every silence, ended ones included, in the book's order. */
    public List<SilenceSpec> all() {
        return ordered;
    }

    /** The first silence, in the book's order, that is active at {@code now} and matches {@code alert}. */
    public Optional<SilenceSpec> silencing(Alert alert, Instant now) {
        for (SilenceSpec spec : ordered) {
            if (spec.activeAt(now) && spec.matches(alert)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    /**
     * This book with every silence that names {@code alertId} and is not over at {@code at} ended then: a silence of
     * one alert has no purpose once that alert is resolved, and the next alert of the same agent and rule (a new id)
     * must be heard. The same book when no silence names it.
     */
    public SilenceBook endedByResolution(String alertId, Instant at) {
        TreeMap<String, SilenceSpec> next = null;
        for (SilenceSpec spec : byId.values()) {
            if (alertId.equals(spec.alertId()) && !spec.endedBy(at)) {
                if (next == null) {
                    next = new TreeMap<>(byId);
                }
                next.put(spec.silenceId(), spec.endedAt(at, "ended by the resolution of alert " + alertId
                        + " at " + SilenceJson.format(at)));
            }
        }
        return next == null ? this : new SilenceBook(next);
    }

    public int size() {
        return byId.size();
    }
}
