package dev.vigil.topology.rules;

/**
 * The rules in force in one topology instance, shared by its global rules processor (the only writer, on the
 * global stream thread) and its detection processors (readers, on the stream threads). Readers take
 * {@link #current()} once per event; a writer publishes a whole new {@link RuleSet}, so a change is seen by the
 * next event of every stream thread and never half-applied.
 */
public final class RuleBook {

    private volatile RuleSet current = RuleSet.EMPTY;

    public RuleSet current() {
        return current;
    }

    void apply(RuleSpec spec) {
        current = current.with(spec);
    }

    void remove(String ruleId) {
        current = current.without(ruleId);
    }

    void replace(RuleSet rules) {
        current = rules;
    }
}
