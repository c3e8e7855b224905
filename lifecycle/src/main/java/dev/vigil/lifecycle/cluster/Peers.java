package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import java.util.List;
import java.util.Optional;

/**
 * The alert view of another instance, its local store only. Each call throws
 * {@link dev.vigil.lifecycle.view.ViewUnavailableException} naming the instance when it cannot answer, so a read
 * that needs it fails rather than returning part of the answer.
 */
public interface Peers {

    Optional<AlertView> get(Member member, String alertId);

    /** The member's own best {@code filter.limit()} views for {@code filter}, in {@link AlertFilter#ORDER}. */
    List<AlertView> list(Member member, AlertFilter filter);

    /** As {@link PartitionPages#page}, on the member. */
    List<AlertView> page(Member member, int partition, String after, int limit);
}
