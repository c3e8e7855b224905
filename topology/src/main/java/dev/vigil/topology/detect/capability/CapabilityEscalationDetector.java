package dev.vigil.topology.detect.capability;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code capability_escalation} — a tool call at a higher capability (read &lt; write &lt; delete &lt; admin) than
 * the agent has used before. Severity by the new level: write low, delete medium, admin high. A "new X" rule:
 * <ul>
 *   <li>during the agent's calibration ({@link DetectionContext#calibrating()}) it only learns the highest level
 *       used and reports nothing;</li>
 *   <li>after it, a call above the learned level fires; an agent that calibrates for 0 days reports from its
 *       second tool call on, its first setting the level (so an agent whose very first call is admin is quiet);</li>
 *   <li>the attack is not learned while it is being reported: while the rule's alert is open, every call at or
 *       above the highest level reported so far fires again (folded into the alert as repeats, so the alert
 *       shows how long the privilege was used), and calls between the learned and the reported level stay quiet,
 *       so a repeat never carries a lower severity than the alert. Once the alert is resolved, the reported level
 *       is accepted as the agent's — a responder who found it malicious has revoked the privilege by then, and
 *       one who found it benign does not want to be told again.</li>
 * </ul>
 * The outcome does not matter: a denied admin call is still an attempt at admin. It sees late events too (a
 * rule detector): the order of calls does not change what the highest one is. An agent without a profile is
 * {@code unknown_agent}'s case.
 *
 * <p>Why these defaults: normal agents use a stable set of tools, and an agent's write tools show up within its
 * first days; what was never used in a week of calibration and then appears is a change in what the agent does.
 * Delete and admin are rarer and more destructive, hence the higher severities; none is critical, because a
 * first use can be an intended new feature and should not halt an agent on its own.
 *
 * <p>State: the {@link CapabilityLevels} section, one byte per agent (plus the section's name in the store).
 *
 * <p>Attack: ATT&amp;CK T1548 (Abuse Elevation Control Mechanism). The capability levels are the elevation
 * control of an agent's tool access, and the signal is an agent operating above its usual level through its own
 * interface; T1068 (Exploitation for Privilege Escalation) would require exploiting a vulnerability, which the
 * event stream cannot show. (ATLAS AML.T0053, AI agent tool invocation, names the same thing from the agent's
 * side, when the agent was steered into the call by injected instructions.)
 */
public final class CapabilityEscalationDetector implements Detector {

    public static final Rule RULE = new Rule("capability_escalation", "Capability escalation", "access", "T1548");

    private static final int SHOWN_LENGTH = 64;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ToolCallPayload call)) {
            return Optional.empty();
        }
        int level = level(call.getCapability());
        CapabilityLevels levels = context.state().section(CapabilityLevels.SECTION);
        if (levels.reported() != CapabilityLevels.NONE && context.state().openAlert(RULE.id()).isEmpty()) {
            levels.acceptReported();
        }
        if (levels.learned() == CapabilityLevels.NONE || context.calibrating()) {
            levels.learn(level);
            return Optional.empty();
        }
        if (level <= levels.learned() || level < levels.reported()) {
            return Optional.empty();
        }
        levels.report(level);
        return Optional.of(finding(event, call, level, levels.learned()));
    }

    static int level(Capability capability) {
        return capability.ordinal() + 1;
    }

    static Severity severity(int level) {
        return switch (level) {
            case 4 -> Severity.high;
            case 3 -> Severity.medium;
            default -> Severity.low;
        };
    }

    private static Finding finding(AgentEvent event, ToolCallPayload call, int level, int learned) {
        String capability = name(level);
        String what = shown(call.getTool()) + (call.getActionType() == null ? "" : " " + shown(call.getActionType()))
                + (call.getResource() == null ? "" : " on " + shown(call.getResource()))
                + (event.getOutcome() == Outcome.success ? "" : ", " + event.getOutcome());
        String description = "capability escalated to " + capability + " (" + what
                + "), above " + name(learned) + ", the highest the agent had used";
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("capability_level", Integer.toString(level));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("highest_capability_level", Integer.toString(learned));
        String grant = call.getGrantId() == null ? "" : " and grant " + shown(call.getGrantId());
        String action = "Confirm the agent needs " + capability + " on " + shown(call.getTool()) + "; if not, revoke the "
                + "privilege" + grant + " and check what the call changed";
        return Finding.violation(severity(level), description, observed, baseline, event.getOccurredAt(), action);
    }

    /** Producer text as shown in an alert: at most {@value #SHOWN_LENGTH} characters. */
    private static String shown(String text) {
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "…";
    }

    private static String name(int level) {
        return Capability.values()[level - 1].name().toLowerCase(Locale.ROOT);
    }
}
