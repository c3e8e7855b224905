package dev.vigil.lifecycle.command;

/** The command names an alert the view does not hold. */
public final class AlertNotFoundException extends RuntimeException {

    private final String alertId;

    public AlertNotFoundException(String alertId) {
        super("no alert with id " + alertId);
        this.alertId = alertId;
    }

    public String alertId() {
        return alertId;
    }
}
