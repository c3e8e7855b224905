package dev.vigil.topology.detect.unknownagent;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.ingest.EventJson;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import java.util.Map;
import java.util.Optional;

/**
 * {@code unknown_agent} — an event from an agent that has no profile in the registry ({@code vigil.agents.v1}).
 * Critical from the first event: an identity nobody registered is acting with real credentials, the classic
 * footprint of stolen or forgotten ones (ATT&amp;CK T1078, Valid Accounts). Keeps no state of its own; repeats
 * fold into the open alert.
 */
public final class UnknownAgentDetector implements Detector {

    public static final Rule RULE = new Rule("unknown_agent", "Unknown agent", "identity", "T1078");

    static final String SUGGESTED_ACTION =
            "Register the agent or revoke its credentials; treat its activity as unauthorized until identified";

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() != null) {
            return Optional.empty();
        }
        String description = "Agent " + event.getAgentId() + " of tenant " + event.getTenantId()
                + " is not in the agent registry but sent a " + EventJson.type(event) + " event";
        return Optional.of(Finding.violation(Severity.critical, description, Map.of(), Map.of(),
                event.getOccurredAt(), SUGGESTED_ACTION));
    }
}
