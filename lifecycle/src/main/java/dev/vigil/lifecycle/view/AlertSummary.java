package dev.vigil.lifecycle.view;

import java.time.Instant;

/**
 * What counts and figures need of an alert, without the alert: its id, detection time, and the index entry (status,
 * severity, tenant, agent, rule, category). Read from the list-order index ({@link AlertOrderIndex}), a summary costs a
 * few dozen bytes where a view costs a kilobyte of JSON.
 */
public record AlertSummary(String alertId, Instant detectedAt, AlertOrderIndex.Entry entry) {

    public static AlertSummary of(AlertView view) {
        return new AlertSummary(view.alertId(), view.alert().getDetectedAt(), AlertOrderIndex.Entry.of(view));
    }

    /** Whether {@code filter} selects this alert (its limit aside). */
    public boolean matches(AlertFilter filter) {
        return entry.matches(filter)
                && filter.since().map(s -> !detectedAt.isBefore(s)).orElse(true)
                && filter.until().map(detectedAt::isBefore).orElse(true)
                && filter.after().map(p -> detectedAt.isBefore(p.detectedAt())
                        || (detectedAt.equals(p.detectedAt()) && alertId.compareTo(p.alertId()) > 0)).orElse(true);
    }
}
