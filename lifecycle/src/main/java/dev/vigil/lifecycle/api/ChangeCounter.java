package dev.vigil.lifecycle.api;

import dev.vigil.ingest.IngestException;
import dev.vigil.lifecycle.command.ConflictException;
import dev.vigil.lifecycle.command.NotFoundException;
import dev.vigil.lifecycle.command.RuleExistsException;
import dev.vigil.lifecycle.command.RuleNotFoundException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.channel.ChannelSettingsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the changes of one kind of record through the API by action and outcome, e.g.
 * {@code vigil_lifecycle_channel_changes_total{action="create", outcome="applied"}}; the outcome of a failure is
 * named by its exception (invalid, not_found, conflict, write_failed, unavailable, error).
 */
final class ChangeCounter {

    private final String meter;
    private final String description;
    private final MeterRegistry meters;

    /** @param meter e.g. {@code vigil.lifecycle.channel.changes} */
    ChangeCounter(String meter, String description, MeterRegistry meters) {
        this.meter = meter;
        this.description = description;
        this.meters = meters;
    }

    /** Runs a change and counts its outcome, whatever it is. */
    void counted(String action, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            count(action, outcomeOf(e));
            throw e;
        }
        count(action, "applied");
    }

    private void count(String action, String outcome) {
        Counter.builder(meter).description(description).tag("action", action).tag("outcome", outcome)
                .register(meters).increment();
    }

    private static String outcomeOf(RuntimeException e) {
        if (e instanceof ChannelSettingsException || e instanceof IngestException || e instanceof ApiException) {
            return "invalid";
        }
        if (e instanceof NotFoundException || e instanceof RuleNotFoundException) {
            return "not_found";
        }
        if (e instanceof ConflictException || e instanceof RuleExistsException) {
            return "conflict";
        }
        if (e instanceof WriteFailedException) {
            return "write_failed";
        }
        return e instanceof ViewUnavailableException ? "unavailable" : "error";
    }
}
