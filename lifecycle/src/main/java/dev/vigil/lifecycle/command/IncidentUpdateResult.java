package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.Incident;

/** What became of an incident update whose event is on the topic. */
public sealed interface IncidentUpdateResult {

    /** The eventId of the {@code INCIDENT_UPDATE} event the update wrote. */
    String eventId();

    /** The incident view already shows the event: a read from now on sees it. */
    record Applied(String eventId, Incident incident) implements IncidentUpdateResult {
    }

    /** The event is written but the incident view did not show it within the write timeout; it will. */
    record Pending(String eventId) implements IncidentUpdateResult {
    }
}
