package dev.vigil.topology.feedback;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.topology.Outputs;
import dev.vigil.topology.TopologyMetrics;
import dev.vigil.topology.breaker.CircuitBreaker;
import dev.vigil.topology.breaker.AgentStatuses;
import dev.vigil.avro.AgentProfile;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import dev.vigil.topology.state.AgentState;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import dev.vigil.avro.Resolution;
import dev.vigil.topology.DetectionSettings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies people's decisions from {@code vigil.alert-events.v1} to the detection state:
 * <ul>
 *   <li>{@code RESOLVE} closes the agent's open alert it names (by alert id, or by rule when no id is given), so the
 *       next finding of that rule opens a new alert with a new id instead of folding into a closed one;</li>
 *   <li>a {@code RESOLVE} with resolution {@code false_positive} also quiets that rule for the agent
 *       ({@link FalsePositives});</li>
 *   <li>{@code MARK_CALIBRATED} ends the agent's calibration early, and writes the agent's status with
 *       {@code calibrationEnded} ({@link AgentStatuses#calibrated});</li>
 *   <li>{@code HALT}, {@code RESUME}, {@code KILL} (and a {@code RESOLVE} that leaves a warned agent without open
 *       alerts) move its circuit breaker ({@link CircuitBreaker}): the new status and any cascade to its children
 *       are forwarded; a refused command (a resume by no one, or without justification) is logged and counted.</li>
 * </ul>
 * It shares the agent state store with detection, which requires the lifecycle topic to be partitioned like the
 * events topic (same key, same partition count).
 */
public final class FeedbackProcessor implements Processor<String, AlertLifecycleEvent, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackProcessor.class);

    private final String stateStoreName;
    private final TopologyMetrics metrics;
    private final DetectionSettings settings;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AgentState> states;
    private final String profileStoreName;
    private KeyValueStore<String, ValueAndTimestamp<AgentProfile>> profiles;

    public FeedbackProcessor(String stateStoreName, String profileStoreName, TopologyMetrics metrics,
                             DetectionSettings settings) {
        this.profileStoreName = profileStoreName;
        this.settings = settings;
        this.stateStoreName = stateStoreName;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(stateStoreName);
        this.profiles = context.getStateStore(profileStoreName);
    }

    private AgentProfile profile(String agentId) {
        ValueAndTimestamp<AgentProfile> profile = profiles.get(agentId);
        return profile == null ? null : profile.value();
    }

    /** The rule of the alert a resolution closes: the event's, else the open alert's with that id. */
    private static String ruleOf(AgentState state, AlertLifecycleEvent event) {
        if (event.getRuleId() != null) {
            return event.getRuleId();
        }
        return state.openAlerts().stream().filter(o -> o.alertId().equals(event.getAlertId())).map(o -> o.ruleId())
                .findFirst().orElse(null);
    }

    @Override
    public void process(Record<String, AlertLifecycleEvent> record) {
        AlertLifecycleEvent event = record.value();
        LifecycleAction action = event.getAction();
        if (action != LifecycleAction.RESOLVE && action != LifecycleAction.MARK_CALIBRATED && action != LifecycleAction.HALT
                && action != LifecycleAction.RESUME && action != LifecycleAction.KILL) {
            return;
        }
        AgentState stored = states.get(event.getAgentId());
        if (stored == null && action == LifecycleAction.RESOLVE) {
            return;
        }
        AgentState state = stored != null ? stored : AgentState.firstSeenAt(event.getOccurredAt().toEpochMilli());
        boolean changed = false;
        if (action == LifecycleAction.RESOLVE) {
            String ruleId = ruleOf(state, event);
            changed = state.close(event.getAlertId(), event.getRuleId());
            if (changed && event.getResolution() == Resolution.false_positive && ruleId != null) {
                Duration quiet = settings.parameters().value(FalsePositives.QUIET, event.getTenantId(), null, event.getAgentId());
                if (!quiet.isZero()) {
                    state.section(FalsePositives.SECTION).quiet(ruleId, event.getOccurredAt().toEpochMilli() + quiet.toMillis());
                    LOG.info("Rule {} quiet for agent {} for {} after a false-positive resolution by {}", ruleId,
                            event.getAgentId(), quiet, event.getActor());
                }
            }
        } else if (action == LifecycleAction.MARK_CALIBRATED) {
            changed = !state.calibrationEnded();
            state.endCalibration();
            if (changed) {
                context.forward(new Record<>(event.getAgentId(), AgentStatuses.calibrated(event.getTenantId(),
                        event.getAgentId(), state, profile(event.getAgentId()), event.getActor(), event.getNote()),
                        record.timestamp()));
            }
        }
        Optional<Object> outcome = CircuitBreaker.onCommand(state, event);
        if (outcome.isPresent() && outcome.get() instanceof CircuitBreaker.Refusal refusal) {
            metrics.commandRefused(action.name());
            LOG.warn("{} of agent {} by {} refused: {}", action, event.getAgentId(), event.getActor(), refusal.reason());
        } else if (outcome.isPresent()) {
            Outputs.forward(context, AgentStatuses.stamped((CircuitBreaker.Move) outcome.get(), state,
                    profile(event.getAgentId())), record.timestamp(), metrics);
            changed = true;
        }
        if (changed) {
            states.put(event.getAgentId(), state);
        }
    }
}
