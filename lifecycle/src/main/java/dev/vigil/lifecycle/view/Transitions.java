package dev.vigil.lifecycle.view;

import dev.vigil.avro.LifecycleAction;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The legal moves of an alert, as one table for both sides: the API refuses an illegal command with 409 before
 * writing, and the view ignores an illegal event that reaches the topic anyway (another writer, a race between
 * instances), so both always agree.
 *
 * <pre>
 * action       from                     to
 * acknowledge  open                     acknowledged
 * resolve      open, acknowledged       resolved
 * reopen       acknowledged, resolved   open
 * comment      any                      (unchanged)
 * assign       any                      (unchanged)
 * </pre>
 * Every other action (halt, resume, kill, mark-calibrated, incident updates) is about an agent or an incident, not
 * an alert, and moves no alert.
 */
public final class Transitions {

    /** Where an action may start, and where it leads; {@code to} null keeps the status. */
    private record Move(Set<AlertStatus> from, AlertStatus to) {
    }

    private static final Map<LifecycleAction, Move> TABLE = new EnumMap<>(Map.of(
            LifecycleAction.ACKNOWLEDGE, new Move(EnumSet.of(AlertStatus.OPEN), AlertStatus.ACKNOWLEDGED),
            LifecycleAction.RESOLVE, new Move(EnumSet.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED), AlertStatus.RESOLVED),
            LifecycleAction.REOPEN, new Move(EnumSet.of(AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED), AlertStatus.OPEN),
            LifecycleAction.COMMENT, new Move(EnumSet.allOf(AlertStatus.class), null),
            LifecycleAction.ASSIGN, new Move(EnumSet.allOf(AlertStatus.class), null)));

    private Transitions() {
    }

    /** Whether {@code action} is one of the alert actions of the table. */
    public static boolean isAlertAction(LifecycleAction action) {
        return TABLE.containsKey(action);
    }

    /** The status after {@code action} on an alert in {@code from}, or empty when the move is not allowed. */
    public static Optional<AlertStatus> next(AlertStatus from, LifecycleAction action) {
        Move move = TABLE.get(action);
        if (move == null || !move.from().contains(from)) {
            return Optional.empty();
        }
        return Optional.of(move.to() == null ? from : move.to());
    }

    /** Why {@code action} is refused on an alert in {@code from}, as one sentence for a 409 or a log line. */
    public static String refusal(AlertStatus from, LifecycleAction action) {
        String verb = action.name().toLowerCase(Locale.ROOT);
        if (!isAlertAction(action)) {
            return "the alert view does not apply " + verb + " events: they are not about one alert";
        }
        return "cannot " + verb + " an alert that is already " + from.wireName();
    }
}
