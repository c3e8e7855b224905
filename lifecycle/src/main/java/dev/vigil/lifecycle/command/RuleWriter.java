package dev.vigil.lifecycle.command;

import dev.vigil.avro.RuleDefinition;

/**
 * Where rule changes go: {@code vigil.rules.v1} (compacted, keyed by ruleId) in production, a list in tests. Both
 * methods return once the record is durably written, with its offset, and throw {@link WriteFailedException} when
 * that cannot be confirmed.
 */
public interface RuleWriter {

    /** Publishes {@code definition} keyed by its ruleId; returns the record's offset. */
    long put(RuleDefinition definition);

    /** Publishes a tombstone for {@code ruleId}; returns its offset. */
    long delete(String ruleId);
}
