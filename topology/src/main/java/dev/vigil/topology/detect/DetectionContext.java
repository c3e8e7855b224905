package dev.vigil.topology.detect;

import dev.vigil.avro.AgentProfile;
import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.OpenAlert;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a detector may use besides the event: the agent's registered profile (null when the agent is not
 * registered), its mutable state (update it, do not replace it), the settings, and whether the agent is still
 * calibrating.
 *
 * @param profile     the agent's profile, or null
 * @param state       the agent's state
 * @param settings    the deployment's settings
 * @param tenantId    the event's tenant (for per-tenant parameter values)
 * @param calibrating true while the event falls in the agent's first {@code calibrationDays} of activity and no
 *                    one marked it calibrated; behaviour detectors still report, "new X" detectors only learn
 * @param overrides   the run-time parameter overrides in force (from {@code vigil.rules.v1})
 * @param agentId     the event's agent (for its overrides, registered or not)
 */
public record DetectionContext(AgentProfile profile, AgentState state, DetectionSettings settings, String tenantId,
                               boolean calibrating, ParamOverrides overrides, String agentId) {

    /**
     * How long after an alert's last repeat its rule's baseline stays shut: events inside an open alert (from its
     * first finding until this long after its last) do not feed that rule's baseline, so the baseline never learns
     * the attack; an alert nobody resolves stops holding the baseline once its findings stop.
     */
    public static final long LEARNING_HOLD_MS = 60 * 60 * 1000L;

    public DetectionContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(overrides, "overrides");
    }

    /** A context without run-time overrides. */
    public DetectionContext(AgentProfile profile, AgentState state, DetectionSettings settings, String tenantId,
                            boolean calibrating) {
        this(profile, state, settings, tenantId, calibrating, ParamOverrides.NONE,
                profile == null ? null : profile.getAgentId());
    }

    /** A context outside calibration, for the agent's tenant taken from the profile (tests and tools). */
    public DetectionContext(AgentProfile profile, AgentState state, DetectionSettings settings) {
        this(profile, state, settings, profile == null ? null : profile.getTenantId(), false);
    }

    /** The value of {@code param} for this agent, from the most specific layer that sets it ({@link Parameters#value}). */
    public <T> T param(Param<T> param) {
        Map<String, String> agentSettings = profile == null ? null : profile.getSettings();
        return settings.parameters().value(param, tenantId, agentSettings, agentId, overrides);
    }

    /**
     * True when {@code rule} has an open alert whose findings are recent (the last within
     * {@link #LEARNING_HOLD_MS} of {@code eventTime}): the detector must not feed this event into its baseline.
     */
    public boolean holdsLearning(Rule rule, long eventTime) {
        Optional<OpenAlert> open = state.openAlert(rule.id());
        return open.isPresent() && eventTime - open.get().lastSeen() < LEARNING_HOLD_MS
                && eventTime >= open.get().firstSeen();
    }
}
