package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import java.util.List;
import java.util.Optional;

/**
 * The incident view of another instance, its local store only. As with {@link Peers}, each call throws
 * {@link dev.vigil.lifecycle.view.ViewUnavailableException} naming the instance when it cannot answer.
 */
public interface IncidentPeers {

    Optional<Incident> incident(Member member, String incidentId);

    /** The member's own best {@code filter.limit()} incidents for {@code filter}, in {@link IncidentFilter#ORDER}. */
    List<Incident> incidents(Member member, IncidentFilter filter);
}
