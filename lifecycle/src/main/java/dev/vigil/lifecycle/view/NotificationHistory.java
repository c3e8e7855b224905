package dev.vigil.lifecycle.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The newest {@value #LIMIT} ledger records of one alert, oldest first, and the wall-clock time of the last change
 * (which the retention of {@link NotificationViewProcessor} counts from). Bounded so that a channel retrying for days
 * cannot grow it; the full ledger is the topic.
 */
public record NotificationHistory(List<NotificationEntry> entries, Instant updatedAt) {

    public static final int LIMIT = 50;
    private static final Comparator<NotificationEntry> BY_TIME = Comparator.comparing(NotificationEntry::at);

    public NotificationHistory {
        entries = List.copyOf(entries);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    static NotificationHistory empty(Instant now) {
        return new NotificationHistory(List.of(), now);
    }

    boolean contains(NotificationEntry entry) {
        return entries.contains(entry);
    }

    /** With {@code entry} in time order (a record that arrives late sorts in place); the oldest dropped past the limit. */
    NotificationHistory with(NotificationEntry entry, Instant now) {
        List<NotificationEntry> longer = new ArrayList<>(entries);
        longer.add(entry);
        longer.sort(BY_TIME);
        List<NotificationEntry> kept = longer.size() <= LIMIT ? longer : longer.subList(longer.size() - LIMIT, longer.size());
        return new NotificationHistory(kept, now);
    }
}
