package dev.vigil.lifecycle.view;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the rules view, the records of {@code vigil.rules.v1} that validate. Every instance holds all of
 * them (a global store), so no routing between instances is needed. Both methods throw
 * {@link ViewUnavailableException} when the view cannot answer.
 */
public interface RuleViewReader {

    /** The entry of one ruleId, a deleted one included; empty when the view has never seen the id. */
    Optional<RuleEntry> get(String ruleId);

    /** Every entry, deleted ones included, in ruleId order. */
    List<RuleEntry> all();
}
