package dev.vigil.topology.detect.delegation;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import java.util.Map;
import java.util.Optional;

/**
 * {@code delegation_depth} — a delegation chain deeper than the profile's {@code maxDelegationDepth} (the schema's
 * default is 3): a {@code delegation} event with action {@code create} whose child {@code depth} exceeds it, or an
 * authorization made on a delegation whose {@code delegation.depth} exceeds it. Medium from the first event: a long
 * chain of agents handing authority down is how a token's reach gets laundered away from the person who granted
 * it. ATT&amp;CK T1134 (Access Token Manipulation): its sub-technique T1134.001 (token impersonation) is acting
 * with a token issued to someone else, which is what every hop of a delegation does; past the declared depth it is
 * no longer the sanctioned use.
 *
 * <p>A {@code revoke} shortens chains and never fires. An agent without a profile is {@code unknown_agent}'s case.
 * Keeps no state of its own; repeats fold into the open alert.
 */
public final class DelegationDepthDetector implements Detector {

    public static final Rule RULE = new Rule("delegation_depth", "Delegation too deep", "access", "T1134");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null) {
            return Optional.empty();
        }
        int max = context.profile().getMaxDelegationDepth();
        Object payload = event.getPayload();
        int depth;
        String what;
        String suggestedAction;
        if (payload instanceof DelegationPayload delegation && delegation.getAction() == DelegationAction.create) {
            depth = delegation.getDepth();
            what = "creating a delegation to " + delegation.getChildAgentId();
            suggestedAction = "Revoke the delegation to " + delegation.getChildAgentId()
                    + " and review the chain; raise maxDelegationDepth only if the depth is intended";
        } else if (payload instanceof AuthorizationPayload auth && auth.getDelegation() != null) {
            depth = auth.getDelegation().getDepth();
            what = "an authorization on a delegation from " + auth.getDelegation().getParentAgentId();
            suggestedAction = "Revoke the grant " + (auth.getGrantId() == null ? "issued for this request" : auth.getGrantId())
                    + " and the delegation from " + auth.getDelegation().getParentAgentId()
                    + "; raise maxDelegationDepth only if the depth is intended";
        } else {
            return Optional.empty();
        }
        if (depth <= max) {
            return Optional.empty();
        }
        String description = "delegation depth " + depth + " exceeds the maximum of " + max + " (agent "
                + event.getAgentId() + ", " + what + ")";
        return Optional.of(Finding.violation(Severity.medium, description, Map.of("depth", Integer.toString(depth)),
                Map.of("max_delegation_depth", Integer.toString(max)), event.getOccurredAt(), suggestedAction));
    }
}
