package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.AlertView;

/** What became of a command whose event is on the topic. */
public sealed interface CommandResult {

    /** The eventId of the lifecycle event the command wrote. */
    String eventId();

    /** The view already shows the event: a read from now on sees it. */
    record Applied(String eventId, AlertView view) implements CommandResult {
    }

    /** The event is written but the view did not show it within the write timeout; it will. */
    record Pending(String eventId) implements CommandResult {
    }
}
