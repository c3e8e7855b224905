package dev.vigil.lifecycle.view;

import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Which views a list asks for, and how many. Lists come newest first: {@code detectedAt} descending, then
 * {@code alertId} ascending, so that equal detection times still give a stable order. Every criterion is optional;
 * {@code since} is inclusive and {@code until} exclusive, both on {@code detectedAt}. {@code after} is the position of
 * the last view of the previous page ({@link Position}): a page holds only views strictly after it in {@link #ORDER},
 * so paging is stable while new alerts arrive (they sort before the first page).
 */
public record AlertFilter(Optional<AlertStatus> status, Optional<Severity> severity, Optional<String> ruleId,
                          Optional<String> category, Optional<String> agentId, Optional<String> tenant,
                          Optional<Instant> since, Optional<Instant> until, Optional<Position> after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Newest first, ties by alertId. */
    public static final Comparator<AlertView> ORDER = Comparator
            .comparing((AlertView v) -> v.alert().getDetectedAt(), Comparator.reverseOrder())
            .thenComparing(AlertView::alertId);

    /** Where a view stands in {@link #ORDER}: its detection time and id. A page cursor encodes one. */
    public record Position(Instant detectedAt, String alertId) {
        public Position {
            Objects.requireNonNull(detectedAt, "detectedAt");
            Objects.requireNonNull(alertId, "alertId");
        }

        public static Position of(AlertView view) {
            return new Position(view.alert().getDetectedAt(), view.alertId());
        }

        /** Whether {@code view} comes strictly after this position in {@link #ORDER}. */
        public boolean isBefore(AlertView view) {
            int byTime = view.alert().getDetectedAt().compareTo(detectedAt);
            return byTime < 0 || (byTime == 0 && view.alertId().compareTo(alertId) > 0);
        }
    }

    public AlertFilter {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** Every tenant's alerts, by status and severity only. */
    public AlertFilter(Optional<AlertStatus> status, Optional<Severity> severity, int limit) {
        this(status, severity, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), limit);
    }

    /** This filter, limited to one tenant's alerts. */
    public AlertFilter ofTenant(String tenantId) {
        return new AlertFilter(status, severity, ruleId, category, agentId, Optional.of(tenantId), since, until, after,
                limit);
    }

    /** This filter, for the page after {@code position}. */
    public AlertFilter after(Position position) {
        return new AlertFilter(status, severity, ruleId, category, agentId, tenant, since, until,
                Optional.of(position), limit);
    }

    /** Every view, up to the default limit. */
    public static AlertFilter all() {
        return new AlertFilter(Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public boolean matches(AlertView view) {
        var alert = view.alert();
        return tenant.map(t -> t.equals(alert.getTenantId())).orElse(true)
                && status.map(s -> s == view.status()).orElse(true)
                && severity.map(s -> s == alert.getSeverity()).orElse(true)
                && ruleId.map(r -> r.equals(alert.getRuleId())).orElse(true)
                && category.map(c -> c.equals(alert.getCategory())).orElse(true)
                && agentId.map(a -> a.equals(alert.getAgentId())).orElse(true)
                && since.map(s -> !alert.getDetectedAt().isBefore(s)).orElse(true)
                && until.map(u -> alert.getDetectedAt().isBefore(u)).orElse(true)
                && after.map(p -> p.isBefore(view)).orElse(true);
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
