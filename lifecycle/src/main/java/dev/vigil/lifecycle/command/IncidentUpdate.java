package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.IncidentStatus;
import java.util.Objects;

/**
 * A person's update of one incident, as the API received it: a new status, a note, or both, and by whom.
 *
 * @param status the status to move to, or null for a note alone
 * @param note   the note, or null for a status change without one
 */
public record IncidentUpdate(String incidentId, String actor, IncidentStatus status, String note) {

    public IncidentUpdate {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(actor, "actor");
        if (status == null && note == null) {
            throw new IllegalArgumentException("an incident update needs a status, a note or both");
        }
    }
}
