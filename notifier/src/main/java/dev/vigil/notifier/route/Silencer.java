package dev.vigil.notifier.route;

import dev.vigil.avro.Alert;
import java.time.Instant;
import java.util.Optional;

/** Whether a silence holds an alert back at a moment, and which (the reason written to the ledger). */
@FunctionalInterface
public interface Silencer {

    Silencer NONE = (alert, now) -> Optional.empty();

    /** The reason ("silenced by … until …: comment") when an active silence matches the alert, else empty. */
    Optional<String> silencing(Alert alert, Instant now);
}
