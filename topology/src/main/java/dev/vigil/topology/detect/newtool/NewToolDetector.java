package dev.vigil.topology.detect.newtool;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.baseline.SeenSet;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.SectionType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code new_tool_usage} — the agent calls a tool, or a tool action ({@code actionType}), it was never seen using.
 * Low: a new tool is often a deployment nobody announced, but an agent steered by a prompt injection or by someone
 * holding its credentials shows up exactly so, reaching for capabilities it never needed.
 *
 * <p>Learning: every tool call's tool and action type are remembered. Nothing is reported while the agent
 * calibrates ({@link DetectionContext#calibrating()}) or in its first {@code min-history} (default 1 h) of event
 * time — so an agent with {@code calibrationDays = 0} does not report its very first tools. After that, a value
 * seen for the first time is reported once and remembered at once, so each new tool or action type makes one
 * finding, however often it is used afterwards (a second new value while the alert is open folds into it). The
 * hold on learning during an open alert ({@link DetectionContext#holdsLearning}) does not apply: what this rule
 * learns is only "already reported or known", and not remembering a reported value would report it again on every
 * call. {@link #baseline()} is false: during calibration this rule is silent rather than marked.
 *
 * <p>With {@code action-types = false} only tools are judged and remembered — for agents whose action types carry
 * ids or free text. Switching it back on later reports each action type once.
 *
 * <p>State: a {@link SeenSet} of {@value #CAPACITY} tools and action types (hashed), ~15 bytes per value and never
 * more than 23, so at most ~3 KB per agent. Measured (with the section's name): ~260 bytes for an agent using 5 tools
 * and 10 action types, ~1.9 KB with the set full. An agent that uses more than {@value #CAPACITY} distinct tools and action
 * types forgets the least recently used ones and reports them again when they return: such an agent churns, and
 * this rule means little for it — set {@code action-types = false} or turn the rule off for it.
 *
 * <p>Late events are judged like any other: a tool used for the first time is new whenever it is reported.
 *
 * <p>Attack: ATLAS AML.T0053 (LLM Plugin Compromise, now AI Agent Tool Invocation): an adversary who steers an
 * agent uses the tools it can reach to act for them; a tool the agent never used is that technique's footprint.
 */
public final class NewToolDetector implements Detector {

    public static final Rule RULE = new Rule("new_tool_usage", "New tool usage", "behaviour", "AML.T0053");

    public static final Param<Duration> MIN_HISTORY = Param.duration(RULE.id(), "min-history", "1h", Duration.ZERO,
            Duration.ofDays(30), "event time since the agent's first event during which tools are only learned, even without calibration.");
    public static final Param<Boolean> ACTION_TYPES = Param.flag(RULE.id(), "action-types", true,
            "false judges and remembers tools only (for agents whose action types carry ids).");

    static final int CAPACITY = 128;
    static final SectionType<SeenSet> SECTION = SeenSet.section(RULE.id(), CAPACITY);

    private static final String TOOL = "tool:";
    private static final String ACTION = "action:";

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_HISTORY, ACTION_TYPES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ToolCallPayload call)) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        SeenSet seen = context.state().section(SECTION);
        int known = seen.size();
        String tool = nonEmpty(call.getTool());
        String action = context.param(ACTION_TYPES) ? nonEmpty(call.getActionType()) : null;
        boolean newTool = tool != null && seen.touch(TOOL + tool, time) == 0;
        boolean newAction = action != null && seen.touch(ACTION + action, time) == 0;
        if ((!newTool && !newAction) || context.calibrating()
                || time - context.state().firstEventAt() < context.param(MIN_HISTORY).toMillis()) {
            return Optional.empty();
        }
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("tool", call.getTool());
        if (action != null) {
            observed.put("action_type", action);
        }
        observed.put("new_values", Integer.toString((newTool ? 1 : 0) + (newAction ? 1 : 0)));
        Map<String, String> baseline = Map.of("known_tools_and_action_types", Integer.toString(known));
        String what = newTool && newAction ? "tool " + tool + " with action type " + action
                : newTool ? "tool " + tool
                : "action type " + action + " on tool " + tool;
        String description = "first use of " + what + ", after " + known + " known tools and action types";
        String suggestedAction = "Confirm with the agent's owner that " + (newTool ? "tool " + tool : "action type " + action)
                + " was added on purpose; if not, revoke the grant" + grant(call)
                + " and look for a prompt injection or stolen credentials steering the agent";
        int score = newTool ? Score.certain(Severity.low) : Score.of(Severity.low, 0.5);
        return Optional.of(new Finding(Severity.low, score, description, observed, baseline, event.getOccurredAt(),
                event.getOccurredAt(), suggestedAction));
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String grant(ToolCallPayload call) {
        return call.getGrantId() == null ? " it used" : " " + call.getGrantId();
    }
}
