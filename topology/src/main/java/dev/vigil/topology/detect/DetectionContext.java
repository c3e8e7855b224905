package dev.vigil.topology.detect;

import dev.vigil.avro.AgentProfile;
import dev.vigil.topology.DetectionSettings;
import dev.vigil.topology.state.AgentState;
import java.util.Objects;

/**
 * What a detector may use besides the event: the agent's registered profile (null when the agent is not
 * registered), its mutable state (update it, do not replace it) and the settings.
 */
public record DetectionContext(AgentProfile profile, AgentState state, DetectionSettings settings) {

    public DetectionContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(settings, "settings");
    }
}
