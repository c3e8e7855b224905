package dev.vigil.topology.detect.newprincipal;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.SeenSet;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.state.SectionType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code new_principal} — the agent acts for a principal ({@code principalId}: the person or service it works for)
 * it was never seen acting for. Low: a new colleague starting to use an agent looks the same, but so does someone
 * who got hold of a way to drive it.
 *
 * <p>Learning: every principal is remembered. Nothing is reported while the agent calibrates
 * ({@link DetectionContext#calibrating()}) or in its first {@code min-history} (default 1 h) of event time, so
 * an agent with {@code calibrationDays = 0} does not report the principals of its first hour. After that, a
 * principal seen for the first time is reported once and remembered at once (a second new principal while the
 * alert is open folds into it). The learning hold of open alerts does not apply: remembering a reported principal
 * is what keeps it from being reported on every request. {@link #baseline()} is false: during calibration this
 * rule is silent rather than marked. Events without a principal are ignored.
 *
 * <p>State: a {@link SeenSet} of {@value #CAPACITY} principals (hashed), ~15 bytes each and never more than 23, so
 * at most ~1.5 KB per agent; measured ~920 bytes with the set full, ~50 for an agent with two principals. An agent driven by more than {@value #CAPACITY} distinct principals (a shared assistant
 * for a whole company) forgets the least recently seen and reports them again when they return; turn the rule off
 * for such an agent.
 *
 * <p>Late events are judged like any other: a principal first seen in a late event is still new.
 *
 * <p>Attack: ATT&amp;CK T1078 (Valid Accounts) — an identity that never used this agent now driving it with valid
 * access is how borrowed or stolen accounts show up.
 */
public final class NewPrincipalDetector implements Detector {

    public static final Rule RULE = new Rule("new_principal", "New principal", "identity", "T1078");

    public static final Param<Duration> MIN_HISTORY = Param.duration(RULE.id(), "min-history", "1h", Duration.ZERO,
            Duration.ofDays(30), "event time since the agent's first event during which principals are only learned, even without calibration.");

    static final int CAPACITY = 64;
    static final SectionType<SeenSet> SECTION = SeenSet.section(RULE.id(), CAPACITY);

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_HISTORY);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        String principal = event.getPrincipalId();
        if (context.profile() == null || principal == null || principal.isEmpty()) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        SeenSet seen = context.state().section(SECTION);
        int known = seen.size();
        if (seen.touch(principal, time) > 0 || context.calibrating()
                || time - context.state().firstEventAt() < context.param(MIN_HISTORY).toMillis()) {
            return Optional.empty();
        }
        String description = "first request for principal " + principal + ", after " + known + " known principals";
        String action = "Confirm that " + principal + " may drive this agent; if not, revoke the agent's grants and "
                + "tokens issued for " + principal + " and find how it reached the agent";
        return Optional.of(Finding.violation(Severity.low, description, Map.of("principal", principal),
                Map.of("known_principals", Integer.toString(known)), event.getOccurredAt(), action));
    }
}
