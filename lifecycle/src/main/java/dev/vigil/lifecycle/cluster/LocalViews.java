package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.IncidentViewReader;
import dev.vigil.lifecycle.view.NotificationViewReader;
import java.util.Objects;

/**
 * This instance's own stores of the partitioned views: what it answers on the internal routes, and its part of
 * every read the cluster readers make.
 */
public record LocalViews(AlertViewReader alerts, IncidentViewReader incidents, NotificationViewReader notifications) {

    public LocalViews {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(notifications, "notifications");
    }
}
