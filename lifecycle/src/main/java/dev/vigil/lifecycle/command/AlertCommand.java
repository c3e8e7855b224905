package dev.vigil.lifecycle.command;

import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.lifecycle.view.Transitions;
import java.util.Objects;

/**
 * A person's decision about one alert, as the API received it: acknowledge, resolve, reopen, comment or assign, by
 * whom, with what note; a resolution for a resolve, an assignee for an assign. The API validates the body and names
 * the field; these checks only keep a command that the view could not apply from being built at all.
 */
public record AlertCommand(LifecycleAction action, String alertId, String actor, String note, Resolution resolution,
                           String assignee) {

    public AlertCommand {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(actor, "actor");
        if (!Transitions.isAlertAction(action)) {
            throw new IllegalArgumentException("not an action on an alert: " + action);
        }
        if (resolution != null && action != LifecycleAction.RESOLVE) {
            throw new IllegalArgumentException("a resolution belongs to resolve only");
        }
        if ((assignee != null) != (action == LifecycleAction.ASSIGN) || assignee != null && assignee.isBlank()) {
            throw new IllegalArgumentException("an assign needs an assignee, and only an assign has one");
        }
        if (action == LifecycleAction.COMMENT && (note == null || note.isBlank())) {
            throw new IllegalArgumentException("a comment needs a note");
        }
    }

    public static AlertCommand acknowledge(String alertId, String actor, String note) {
        return new AlertCommand(LifecycleAction.ACKNOWLEDGE, alertId, actor, note, null, null);
    }

    public static AlertCommand resolve(String alertId, String actor, String note, Resolution resolution) {
        return new AlertCommand(LifecycleAction.RESOLVE, alertId, actor, note, resolution, null);
    }

    public static AlertCommand reopen(String alertId, String actor, String note) {
        return new AlertCommand(LifecycleAction.REOPEN, alertId, actor, note, null, null);
    }

    public static AlertCommand comment(String alertId, String actor, String note) {
        return new AlertCommand(LifecycleAction.COMMENT, alertId, actor, note, null, null);
    }

    public static AlertCommand assign(String alertId, String actor, String assignee, String note) {
        return new AlertCommand(LifecycleAction.ASSIGN, alertId, actor, note, null, assignee);
    }
}
