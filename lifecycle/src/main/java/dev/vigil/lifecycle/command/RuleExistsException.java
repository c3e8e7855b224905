package dev.vigil.lifecycle.command;

import dev.vigil.topology.rules.RuleSpec;

/** A rule is created under an id that already has a record; it is changed with PUT or PATCH instead. */
public final class RuleExistsException extends RuntimeException {

    private final RuleSpec existing;

    public RuleExistsException(RuleSpec existing) {
        super("a rule with id " + existing.ruleId() + " exists (version " + existing.version() + ")");
        this.existing = existing;
    }

    public RuleSpec existing() {
        return existing;
    }
}
