package dev.vigil.lifecycle.view;

import java.util.List;

/**
 * Read access to the notification view (the delivery ledger per alert), so that the API does not know where it lives.
 * The first implementation reads this instance's store ({@link StoreNotificationViewReader}); with several instances
 * one that routes by the alertId's partition of {@code vigil.notifications.v1} can wrap it.
 */
public interface NotificationViewReader {

    /** The alert's newest ledger records, oldest first; empty when none. {@link ViewUnavailableException} when it cannot say. */
    List<NotificationEntry> get(String alertId);
}
