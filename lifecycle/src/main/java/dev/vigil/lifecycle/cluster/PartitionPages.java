package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertView;
import java.util.List;

/**
 * Pages through one partition of the alert view in key (alertId) order: each page starts strictly after the last key
 * of the one before, so a walk over a partition costs one pass however many pages it takes.
 */
@FunctionalInterface
public interface PartitionPages {

    /**
     * Up to {@code limit} views of {@code partition} with an alertId after {@code after} (null: from the first);
     * {@link dev.vigil.lifecycle.view.ViewUnavailableException} when this instance does not host the partition now.
     */
    List<AlertView> page(int partition, String after, int limit);
}
