package dev.vigil.lifecycle.view;

import dev.vigil.topology.rules.RuleSpec;
import java.util.Objects;

/**
 * One ruleId as the rules view holds it.
 *
 * @param offset the offset on {@code vigil.rules.v1} of the record that made it so
 * @param spec   the validated rule or override, or null when a tombstone deleted it
 */
public record RuleEntry(String ruleId, long offset, RuleSpec spec) {

    public RuleEntry {
        Objects.requireNonNull(ruleId, "ruleId");
    }

    public boolean deleted() {
        return spec == null;
    }
}
