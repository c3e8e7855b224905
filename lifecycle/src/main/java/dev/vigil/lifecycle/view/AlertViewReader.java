package dev.vigil.lifecycle.view;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the alert view, so that the API does not know where the view lives. The first implementation reads
 * the local Kafka Streams store ({@link StoreAlertViewReader}); with several instances (issue 6) an implementation
 * routes each read to the instance that hosts the alert's partition.
 */
public interface AlertViewReader {

    /** The view of one alert, or empty when there is none. {@link ViewUnavailableException} when it cannot say. */
    Optional<AlertView> get(String alertId);

    /** The views {@code filter} selects, in {@link AlertFilter#ORDER}, at most {@code filter.limit()}. */
    List<AlertView> list(AlertFilter filter);
}
