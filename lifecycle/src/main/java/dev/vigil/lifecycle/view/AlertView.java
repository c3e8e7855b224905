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
 * ({@link AlertStatus}), who acknowledged and resolved it and when, the last note, and its recent lifecycle events.
 *
 * <p>The status moves only through lifecycle events ({@link Transitions}); a re-emitted alert (a repeat folded
 * into it: more {@code occurrences}, a later {@code lastSeen}) replaces the alert but never the status. The history
 * keeps the newest {@value #HISTORY_LIMIT} events so that a view stays bounded however often an alert is touched;
 * the full trail is {@code vigil.alert-events.v1} itself. {@code updatedAt} is the wall-clock time of the view's
 * last change, which its retention counts from (see {@link AlertViewProcessor}).
 */
public record AlertView(Alert alert, AlertStatus status, Instant acknowledgedAt, String acknowledgedBy,
                        Instant resolvedAt, String resolvedBy, Resolution resolution, String note,
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
        return new AlertView(alert, AlertStatus.OPEN, null, null, null, null, null, null, List.of(), now);
    }

    public String alertId() {
        return alert.getAlertId();
    }

    /** The same view holding a newer emission of its alert; the status and the people's decisions stay. */
    public AlertView withAlert(Alert latest, Instant now) {
        return new AlertView(latest, status, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolution, note,
                history, now);
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
        boolean ack = event.getAction() == LifecycleAction.ACKNOWLEDGE;
        boolean resolve = event.getAction() == LifecycleAction.RESOLVE;
        return new AlertView(alert, next,
                ack ? event.getOccurredAt() : acknowledgedAt, ack ? event.getActor() : acknowledgedBy,
                resolve ? event.getOccurredAt() : resolvedAt, resolve ? event.getActor() : resolvedBy,
                resolve ? event.getResolution() : resolution,
                event.getNote() != null ? event.getNote() : note,
                appendBounded(HistoryEntry.of(event)), now);
    }

    private List<HistoryEntry> appendBounded(HistoryEntry entry) {
        List<HistoryEntry> longer = new ArrayList<>(history);
        longer.add(entry);
        return longer.size() <= HISTORY_LIMIT ? longer : longer.subList(longer.size() - HISTORY_LIMIT, longer.size());
    }
}
