package dev.vigil.notifier.channel;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import java.util.Objects;

/**
 * An acknowledgement or resolution of an alert, to be passed on to a channel that follows the alert's lifecycle on
 * the receiver's side (PagerDuty). Made from an {@link AlertLifecycleEvent}; {@code alert} is the alert as the
 * notifier last routed it, or null when it has not seen it since it started.
 */
public record LifecycleNotice(AlertLifecycleEvent event, Alert alert) {

    public LifecycleNotice {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.getAlertId(), "alertId");
    }

    public String alertId() {
        return event.getAlertId();
    }

    public LifecycleAction action() {
        return event.getAction();
    }

    /** True for the actions a receiver can follow: acknowledge and resolve. */
    public static boolean followed(AlertLifecycleEvent event) {
        return event.getAlertId() != null
                && (event.getAction() == LifecycleAction.ACKNOWLEDGE || event.getAction() == LifecycleAction.RESOLVE);
    }
}
