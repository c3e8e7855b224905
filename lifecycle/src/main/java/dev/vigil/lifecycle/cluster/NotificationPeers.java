package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.NotificationEntry;
import java.util.List;

/**
 * The delivery ledger view of another instance, its local store only; throws
 * {@link dev.vigil.lifecycle.view.ViewUnavailableException} naming the instance when it cannot answer.
 */
@FunctionalInterface
public interface NotificationPeers {

    /** The alert's ledger records as the member's store holds them, oldest first; empty when none. */
    List<NotificationEntry> notifications(Member member, String alertId);
}
