package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What responders see of one alert: the latest {@link Alert} the topology emitted under its id, where it stands
 * ({@link AlertStatus}), who acknowledged and resolved it and when, who it is assigned to, the last note, and its
 * recent lifecycle events.
 *
 * <p>The status moves only through lifecycle events ({@link Transitions}); a re-emitted alert (a repeat folded
 * into it: more {@code occurrences}, a later {@code lastSeen}) replaces the alert but never the status. The history
 * keeps the newest {@value #HISTORY_LIMIT} events so that a view stays bounded however often an alert is touched;
 * the full trail is {@code vigil.alert-events.v1} itself. {@code updatedAt} is the wall-clock time of the view's
 * last change, which its retention counts from (see {@link AlertViewProcessor}).
 *
 * <p>A reopen makes the alert open as if new to people: the acknowledgement, the resolution and who made them are
 * cleared (the history keeps them). The assignee stays until the next assign; comments and assigns change no status.
 */
public record AlertView(Alert alert, AlertStatus status, Instant acknowledgedAt, String acknowledgedBy,
                        Instant resolvedAt, String resolvedBy, Resolution resolution, String assignee, String note,
                        List<HistoryEntry> history, Instant updatedAt) {

    public static final int HISTORY_LIMIT = 50;

    public AlertView {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
        history = List.copyOf(history);
    }

    /** The view of an alert seen for the first time: open, no history. */
    public static AlertView open(Alert alert, Instant now) {
        return new AlertView(alert, AlertStatus.OPEN, null, null, null, null, null, null, null, List.of(), now);
    }

    public String alertId() {
        return alert.getAlertId();
    }

    /** The same view holding a newer emission of its alert; the status and the people's decisions stay. */
    public AlertView withAlert(Alert latest, Instant now) {
        return new AlertView(latest, status, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolution, assignee,
                note, history, now);
    }

    /** Whether the event with this id is already in the view (a redelivery must not apply twice). */
    public boolean hasApplied(String eventId) {
        return history.stream().anyMatch(h -> h.eventId().equals(eventId));
    }

    /** The view after {@code event}, or empty when {@link Transitions} does not allow it from this status. */
    public Optional<AlertView> after(AlertLifecycleEvent event, Instant now) {
        return Transitions.next(status, event.getAction()).map(next -> applied(event, next, now));
    }

    private AlertView applied(AlertLifecycleEvent event, AlertStatus next, Instant now) {
        LifecycleAction action = event.getAction();
        String nextNote = event.getNote() != null ? event.getNote() : note;
        List<HistoryEntry> nextHistory = appendBounded(HistoryEntry.of(event));
        return switch (action) {
            case ACKNOWLEDGE -> new AlertView(alert, next, event.getOccurredAt(), event.getActor(), resolvedAt,
                    resolvedBy, resolution, assignee, nextNote, nextHistory, now);
            case RESOLVE -> new AlertView(alert, next, acknowledgedAt, acknowledgedBy, event.getOccurredAt(),
                    event.getActor(), event.getResolution(), assignee, nextNote, nextHistory, now);
            case REOPEN -> new AlertView(alert, next, null, null, null, null, null, assignee, nextNote, nextHistory, now);
            case ASSIGN -> new AlertView(alert, next, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy,
                    resolution, event.getAssignee(), nextNote, nextHistory, now);
            default -> new AlertView(alert, next, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolution,
                    assignee, nextNote, nextHistory, now);
        };
    }

    private List<HistoryEntry> appendBounded(HistoryEntry entry) {
        List<HistoryEntry> longer = new ArrayList<>(history);
        longer.add(entry);
        return longer.size() <= HISTORY_LIMIT ? longer : longer.subList(longer.size() - HISTORY_LIMIT, longer.size());
    }
}
