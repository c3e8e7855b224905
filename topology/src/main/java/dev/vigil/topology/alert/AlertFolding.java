package dev.vigil.topology.alert;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.ingest.EventOrigin;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.OpenAlert;
import java.time.Duration;
import java.util.Optional;

/**
 * One repeat is not a new alert. The first finding of an (agent, rule) opens an alert and emits it; while it is
 * open, each further finding folds into it ({@code occurrences}, {@code lastSeen}, evidence) and it is emitted
 * again, under the same id, only once {@code repeatInterval} of event time has passed since the last emission —
 * or at once when the finding is more severe than the last emitted one (a write escalation followed by admin), or
 * full strength where the last emission was made while the agent calibrated.
 * A resolve (from {@code vigil.alert-events.v1}) closes it, so the next finding opens a new alert with a new id.
 *
 * <p>Emission rides on findings, never on a timer: repeats folded after the last emission reach the topic with the
 * next repeat that falls due. If repeats stop inside the interval, the last emitted alert understates
 * {@code occurrences} and {@code lastSeen} (the state holds the true figures).
 */
public final class AlertFolding {

    private final Duration repeatInterval;

    public AlertFolding(Duration repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    /**
     * Records {@code finding} in the agent's state and returns the alert to emit, if one is due; a finding made
     * while the agent calibrates is marked so and scores at the bottom of its band.
     */
    public Optional<Alert> onFinding(AgentState state, Rule rule, Finding finding, AgentEvent event,
                                     Optional<EventOrigin> origin, boolean calibrating) {
        long time = event.getOccurredAt().toEpochMilli();
        Optional<OpenAlert> existing = state.openAlert(rule.id());
        OpenAlert open;
        boolean due;
        if (existing.isEmpty()) {
            open = OpenAlert.opened(rule.id(), AlertIds.of(event.getAgentId(), rule.id(), event.getEventId()), time);
            state.open(open);
            due = true;
        } else {
            open = existing.get();
            open.fold(time);
            due = time - open.lastEmitted() >= repeatInterval.toMillis()
                    || OpenAlert.level(finding.severity(), calibrating) > open.emittedLevel();
        }
        open.evidence().add(event.getEventId(), origin.map(EventOrigin::topic).orElse(null),
                origin.map(EventOrigin::partition).orElse(-1), origin.map(EventOrigin::offset).orElse(-1L));
        if (!due) {
            return Optional.empty();
        }
        open.markEmitted(time, OpenAlert.level(finding.severity(), calibrating));
        return Optional.of(AlertRecords.of(rule, finding, event, open, calibrating));
    }
}
