package dev.vigil.lifecycle.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Which incidents a list asks for, and how many. Lists come newest first: {@code firstAlertAt} descending (when the
 * incident opened, which does not move as alerts join, so pages stay put), then {@code incidentId} ascending.
 * {@code after} is the position of the last incident of the previous page: a page holds only incidents strictly after
 * it, so paging is stable while new incidents open (they sort before the first page).
 */
public record IncidentFilter(Optional<IncidentStatus> status, Optional<String> agentId, Optional<String> tenant,
                             Optional<Position> after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Newest first, ties by incidentId. */
    public static final Comparator<Incident> ORDER = Comparator
            .comparing(Incident::firstAlertAt, Comparator.reverseOrder())
            .thenComparing(Incident::incidentId);

    /** Where an incident stands in {@link #ORDER}. A page cursor encodes one. */
    public record Position(Instant firstAlertAt, String incidentId) {
        public Position {
            Objects.requireNonNull(firstAlertAt, "firstAlertAt");
            Objects.requireNonNull(incidentId, "incidentId");
        }

        public static Position of(Incident incident) {
            return new Position(incident.firstAlertAt(), incident.incidentId());
        }

        /** Whether {@code incident} comes strictly after this position in {@link #ORDER}. */
        public boolean isBefore(Incident incident) {
            int byTime = incident.firstAlertAt().compareTo(firstAlertAt);
            return byTime < 0 || (byTime == 0 && incident.incidentId().compareTo(incidentId) > 0);
        }
    }

    public IncidentFilter {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** Every incident, up to the default limit. */
    public static IncidentFilter all() {
        return new IncidentFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_LIMIT);
    }

    public boolean matches(Incident incident) {
        return tenant.map(t -> t.equals(incident.tenantId())).orElse(true)
                && status.map(s -> s == incident.status()).orElse(true)
                && agentId.map(a -> a.equals(incident.agentId())).orElse(true)
                && after.map(p -> p.isBefore(incident)).orElse(true);
    }

    /**
     * The matching incidents among {@code incidents}, in {@link #ORDER}, at most {@link #limit()}; memory bounded by
     * the limit (a heap of the best), not by the number of incidents.
     */
    public List<Incident> select(Iterator<Incident> incidents) {
        PriorityQueue<Incident> best = new PriorityQueue<>(ORDER.reversed());
        while (incidents.hasNext()) {
            Incident incident = incidents.next();
            if (matches(incident)) {
                best.add(incident);
                if (best.size() > limit) {
                    best.poll();
                }
            }
        }
        List<Incident> selected = new ArrayList<>(best);
        selected.sort(ORDER);
        return selected;
    }
}
