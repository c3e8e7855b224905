package dev.vigil.lifecycle.view;

import dev.vigil.avro.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Which views a list asks for, and how many. Lists come newest first: {@code detectedAt} descending, then
 * {@code alertId} ascending, so that equal detection times still give a stable order.
 */
public record AlertFilter(Optional<AlertStatus> status, Optional<Severity> severity, int limit, Optional<String> tenant) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Newest first, ties by alertId. */
    public static final Comparator<AlertView> ORDER = Comparator
            .comparing((AlertView v) -> v.alert().getDetectedAt(), Comparator.reverseOrder())
            .thenComparing(AlertView::alertId);

    /** Every tenant's alerts. */
    public AlertFilter(Optional<AlertStatus> status, Optional<Severity> severity, int limit) {
        this(status, severity, limit, Optional.empty());
    }

    /** This filter, limited to one tenant's alerts. */
    public AlertFilter ofTenant(String tenantId) {
        return new AlertFilter(status, severity, limit, Optional.of(tenantId));
    }

    public AlertFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** Every view, up to the default limit. */
    public static AlertFilter all() {
        return new AlertFilter(Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public boolean matches(AlertView view) {
        return tenant.map(t -> t.equals(view.alert().getTenantId())).orElse(true)
                && status.map(s -> s == view.status()).orElse(true)
                && severity.map(s -> s == view.alert().getSeverity()).orElse(true);
    }

    /**
     * The matching views among {@code views}, in {@link #ORDER}, at most {@link #limit()}. Keeps only the best
     * {@code limit} in a heap while it scans, so memory is bounded by the limit, not by the number of views.
     */
    public List<AlertView> select(Iterator<AlertView> views) {
        PriorityQueue<AlertView> best = new PriorityQueue<>(ORDER.reversed());
        while (views.hasNext()) {
            AlertView view = views.next();
            if (matches(view)) {
                best.add(view);
                if (best.size() > limit) {
                    best.poll();
                }
            }
        }
        List<AlertView> selected = new ArrayList<>(best);
        selected.sort(ORDER);
        return selected;
    }
}
