package dev.vigil.lifecycle.view;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * Hands every view to {@code visitor}, one at a time and in no particular order: for counts and figures over all
     * alerts, which a list's limit would cut short. Memory stays bounded; time grows with the view's size.
     */
    void forEach(Consumer<AlertView> visitor);

    /**
     * Hands the summary of every alert {@code filter} selects (its limit aside) to {@code visitor}, in no particular
     * order: for counts and figures. The default reads every view; the store reader walks the list-order index, only
     * within the filter's time range ({@link AlertOrderIndex}).
     */
    default void summaries(AlertFilter filter, Consumer<AlertSummary> visitor) {
        forEach(view -> {
            AlertSummary summary = AlertSummary.of(view);
            if (summary.matches(filter)) {
                visitor.accept(summary);
            }
        });
    }
}
