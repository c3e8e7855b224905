package dev.vigil.topology.detect;

import dev.vigil.avro.AgentEvent;
import java.util.List;
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

    /**
     * True for behaviour detectors, which judge the agent against its own learned baseline: during the agent's
     * calibration ({@link DetectionContext#calibrating()}) their alerts are marked {@code calibrating=true}, score
     * at the bottom of their band and never move the circuit breaker. Rule violations (false) are full strength
     * from the first event.
     */
    default boolean baseline() {
        return false;
    }

    /**
     * The detector's tunables, each a constant of its class ({@link Param}); every detector also has an
     * implicit {@code enabled} flag ({@link Parameters#enabled}).
     */
    default List<Param<?>> parameters() {
        return List.of();
    }

    Optional<Finding> onEvent(DetectionContext context, AgentEvent event);
}
