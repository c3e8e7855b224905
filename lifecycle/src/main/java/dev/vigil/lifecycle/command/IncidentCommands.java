package dev.vigil.lifecycle.command;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentTransitions;
import dev.vigil.lifecycle.view.IncidentViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries out incident updates as {@link AlertCommands} carries out alert actions: checks the move against the view
 * ({@link IncidentTransitions}), writes one {@code INCIDENT_UPDATE} lifecycle event (keyed by the incident's agent, no
 * alertId), then waits until the incident view shows that very event, so that a read right after one's own write
 * sees it. The view applies the event, not this class. Updates of the same incident are serialized here (striped
 * locks, check → write → wait), so two concurrent moves through this instance give one success and one 409.
 */
public final class IncidentCommands {

    private final IncidentViewReader reader;
    private final LifecycleEventWriter writer;
    private final Clock clock;
    private final ViewWrites writes;

    /**
     * @param writer      the service's one chaining writer, which puts the event on its tenant's audit chain
     * @param clock       stamps {@code occurredAt}, the time of the person's decision
     * @param viewTimeout how long to wait for the view to show a written event before answering
     *                    {@link IncidentUpdateResult.Pending}
     */
    public IncidentCommands(IncidentViewReader reader, LifecycleEventWriter writer, Clock clock, Duration viewTimeout) {
        this.reader = reader;
        this.writer = writer;
        this.clock = clock;
        this.writes = new ViewWrites(viewTimeout);
    }

    /**
     * @throws NotFoundException        no such incident in the view
     * @throws ConflictException        the incident's status does not allow the move (details: its {@code status})
     * @throws WriteFailedException     Kafka did not confirm the event
     * @throws ViewUnavailableException the view cannot be read right now
     */
    public IncidentUpdateResult execute(IncidentUpdate update) {
        ReentrantLock lock = writes.lockOf(update.incidentId());
        lock.lock();
        try {
            Incident incident = reader.get(update.incidentId())
                    .orElseThrow(() -> new NotFoundException("no incident with id " + update.incidentId()));
            IncidentTransitions.refusal(incident.status(), update.status()).ifPresent(reason -> {
                throw new ConflictException(reason, Map.of("status", incident.status().wireName()));
            });
            AlertLifecycleEvent event = eventFor(update, incident);
            writer.write(event);
            return awaitApplied(update.incidentId(), event.getEventId())
                    .<IncidentUpdateResult>map(shown -> new IncidentUpdateResult.Applied(event.getEventId(), shown))
                    .orElseGet(() -> new IncidentUpdateResult.Pending(event.getEventId()));
        } finally {
            lock.unlock();
        }
    }

    private AlertLifecycleEvent eventFor(IncidentUpdate update, Incident incident) {
        return AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(LifecycleAction.INCIDENT_UPDATE)
                .setAlertId(null)
                .setTenantId(incident.tenantId())
                .setAgentId(incident.agentId())
                .setActor(update.actor())
                .setNote(update.note())
                .setIncidentId(incident.incidentId())
                .setIncidentStatus(update.status() == null ? null : update.status().wireName())
                .setOccurredAt(clock.instant())
                .build();
    }

    /** Polls the view until it holds the event; a monotonic deadline, whatever the injected clock says. */
    private Optional<Incident> awaitApplied(String incidentId, String eventId) {
        return writes.awaitShown(() -> reader.get(incidentId).filter(i -> i.hasApplied(eventId)));
    }
}
