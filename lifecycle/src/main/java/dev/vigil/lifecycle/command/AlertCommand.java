package dev.vigil.lifecycle.command;

import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import java.util.Objects;

/** A person's decision about one alert, as the API received it: acknowledge or resolve, by whom, with what note. */
public record AlertCommand(LifecycleAction action, String alertId, String actor, String note, Resolution resolution) {

    public AlertCommand {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(actor, "actor");
        if (action != LifecycleAction.ACKNOWLEDGE && action != LifecycleAction.RESOLVE) {
            throw new IllegalArgumentException("only acknowledge and resolve are commands in this slice: " + action);
        }
        if (resolution != null && action != LifecycleAction.RESOLVE) {
            throw new IllegalArgumentException("a resolution belongs to resolve only");
        }
    }

    public static AlertCommand acknowledge(String alertId, String actor, String note) {
        return new AlertCommand(LifecycleAction.ACKNOWLEDGE, alertId, actor, note, null);
    }

    public static AlertCommand resolve(String alertId, String actor, String note, Resolution resolution) {
        return new AlertCommand(LifecycleAction.RESOLVE, alertId, actor, note, resolution);
    }
}
