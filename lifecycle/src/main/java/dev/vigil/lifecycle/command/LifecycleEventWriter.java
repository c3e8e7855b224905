package dev.vigil.lifecycle.command;

import dev.vigil.avro.AlertLifecycleEvent;

/** Where lifecycle events go: {@code vigil.alert-events.v1} in production, a list in tests. */
public interface LifecycleEventWriter {

    /** Returns once the event is durably written; {@link WriteFailedException} when that cannot be confirmed. */
    void write(AlertLifecycleEvent event);
}
