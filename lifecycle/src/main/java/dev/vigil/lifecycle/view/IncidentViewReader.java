package dev.vigil.lifecycle.view;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the incident view, so that the API does not know where it lives ({@link StoreIncidentViewReader}
 * reads this instance's store). Both methods throw {@link ViewUnavailableException} when the view cannot answer.
 */
public interface IncidentViewReader {

    /** One incident, or empty when there is none. */
    Optional<Incident> get(String incidentId);

    /** The incidents {@code filter} selects, in {@link IncidentFilter#ORDER}, at most {@code filter.limit()}. */
    List<Incident> list(IncidentFilter filter);
}
