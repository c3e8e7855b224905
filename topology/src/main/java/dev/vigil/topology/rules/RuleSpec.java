package dev.vigil.topology.rules;

/**
 * One record of {@code vigil.rules.v1}, validated: either a user's {@link CustomRule} or a {@link RuleOverride}
 * that toggles a built-in rule or overrides its parameters in a scope. Which one a record is follows from its id:
 * a built-in rule's id, or that id followed by {@code :} and anything, is an override ({@link BuiltInRules#targetOf}).
 */
public sealed interface RuleSpec permits CustomRule, RuleOverride {

    String ruleId();

    int version();

    String name();

    String description();

    boolean enabled();
}
