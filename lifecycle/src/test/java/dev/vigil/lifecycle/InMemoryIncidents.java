package dev.vigil.lifecycle;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import dev.vigil.lifecycle.view.IncidentViewReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An incident view in a map, updated with the same {@link Incident} rules as the topology, for fast API tests. */
public final class InMemoryIncidents implements IncidentViewReader {

    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    public InMemoryIncidents add(Incident incident) {
        incidents.put(incident.incidentId(), incident);
        return this;
    }

    /** Applies an INCIDENT_UPDATE as the view processor would (illegal ones change nothing). */
    public void apply(AlertLifecycleEvent event) {
        incidents.computeIfPresent(event.getIncidentId(), (id, incident) -> {
            IncidentStatus to = event.getIncidentStatus() == null ? null
                    : IncidentStatus.fromWireName(event.getIncidentStatus()).orElseThrow();
            return incident.after(event, to, Fixtures.T0).orElse(incident);
        });
    }

    /** From now on every read throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        throwIfFailing();
        return Optional.ofNullable(incidents.get(incidentId));
    }

    @Override
    public List<Incident> list(IncidentFilter filter) {
        throwIfFailing();
        return filter.select(incidents.values().iterator());
    }

    private void throwIfFailing() {
        if (failure != null) {
            throw failure;
        }
    }
}
