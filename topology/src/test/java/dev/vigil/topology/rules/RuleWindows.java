package dev.vigil.topology.rules;

import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.SectionType;

/** Test access to a custom rule's window in an agent's state. */
public final class RuleWindows {

    private RuleWindows() {
    }

    /** The figures (buckets or distinct values) the rule's window keeps for the agent; -1 when it has none. */
    public static int size(AgentState state, String ruleId) {
        String name = ActiveRule.sectionName(ruleId);
        if (!state.hasSection(name)) {
            return -1;
        }
        return state.section(new SectionType<>(name, () -> {
            throw new AssertionError("section " + name + " vanished");
        }, RuleWindow::read)).size();
    }
}
