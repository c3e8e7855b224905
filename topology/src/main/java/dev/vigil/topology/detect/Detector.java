package dev.vigil.topology.detect;

import dev.vigil.avro.AgentEvent;
import java.util.Optional;

/**
 * One detection rule. Given an agent's context and one of its events, it updates the agent's state and maybe
 * returns a finding. Contract: O(1) work per event, bounded state per agent, event time only (never the
 * clock), and no exceptions for valid events. Folding repeats, alert ids and evidence are not its business.
 */
public interface Detector {

    Rule rule();

    default String ruleId() {
        return rule().id();
    }

    /**
     * True for detectors that count events in event-time windows: they do not see late events (older than
     * the grace), which would land in windows already judged. Rule-violation detectors see every event.
     */
    default boolean usesEventTimeWindows() {
        return false;
    }

    Optional<Finding> onEvent(DetectionContext context, AgentEvent event);
}
