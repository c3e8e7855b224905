package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.AlertStatus;

/** The command would move the alert in a way {@link dev.vigil.lifecycle.view.Transitions} does not allow. */
public final class IllegalTransitionException extends RuntimeException {

    private final AlertStatus current;

    public IllegalTransitionException(AlertStatus current, String reason) {
        super(reason);
        this.current = current;
    }

    /** The alert's status when the command was refused. */
    public AlertStatus current() {
        return current;
    }
}
