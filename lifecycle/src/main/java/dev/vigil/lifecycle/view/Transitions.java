package dev.vigil.lifecycle.view;

import dev.vigil.avro.LifecycleAction;
import java.util.Locale;
import java.util.Optional;

/**
 * The legal moves of an alert: {@code open → acknowledged → resolved} and {@code open → resolved}. One table for
 * both sides: the API refuses an illegal command with 409 before writing, and the view ignores an illegal event
 * that reaches the topic anyway (another writer, a race between instances), so both always agree.
 * Actions other than acknowledge and resolve do not move an alert in this slice.
 */
public final class Transitions {

    private Transitions() {
    }

    /** The status after {@code action} on an alert in {@code from}, or empty when the move is not allowed. */
    public static Optional<AlertStatus> next(AlertStatus from, LifecycleAction action) {
        if (action == LifecycleAction.ACKNOWLEDGE && from == AlertStatus.OPEN) {
            return Optional.of(AlertStatus.ACKNOWLEDGED);
        }
        if (action == LifecycleAction.RESOLVE && from != AlertStatus.RESOLVED) {
            return Optional.of(AlertStatus.RESOLVED);
        }
        return Optional.empty();
    }

    /** Why {@code action} is refused on an alert in {@code from}, as one sentence for a 409 or a log line. */
    public static String refusal(AlertStatus from, LifecycleAction action) {
        String verb = action.name().toLowerCase(Locale.ROOT);
        if (action != LifecycleAction.ACKNOWLEDGE && action != LifecycleAction.RESOLVE) {
            return "the alert view does not apply " + verb + " events yet";
        }
        return "cannot " + verb + " an alert that is already " + from.wireName();
    }
}
