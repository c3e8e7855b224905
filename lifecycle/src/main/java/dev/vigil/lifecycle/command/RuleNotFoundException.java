package dev.vigil.lifecycle.command;

/** The change names a ruleId that has no record. */
public final class RuleNotFoundException extends RuntimeException {

    private final String ruleId;

    public RuleNotFoundException(String ruleId) {
        super("no rule with id " + ruleId);
        this.ruleId = ruleId;
    }

    public String ruleId() {
        return ruleId;
    }
}
