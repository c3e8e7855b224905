package dev.vigil.topology.detect.scope;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code scope_escalation} — an authorization that asks for any scope outside the profile's
 * {@code registeredScopes}. Critical from the first event, whether the identity provider granted it or not: an
 * agent reaching past its registration is abusing or probing for elevation (ATT&amp;CK T1548, Abuse Elevation
 * Control Mechanism). Only the actions that ask for scopes count ({@code token_request},
 * {@code token_exchange}, {@code authorize}); {@code introspect} and {@code revoke} ask for nothing. An agent
 * without a profile is {@code unknown_agent}'s case, not this one's. Keeps no state of its own.
 */
public final class ScopeEscalationDetector implements Detector {

    public static final Rule RULE = new Rule("scope_escalation", "Scope escalation", "access", "T1548");

    private static final Set<AuthorizationAction> ASKING = EnumSet.of(
            AuthorizationAction.token_request, AuthorizationAction.token_exchange, AuthorizationAction.authorize);
    private static final int NAMED_IN_DESCRIPTION = 10;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof AuthorizationPayload auth)
                || !ASKING.contains(auth.getAction())) {
            return Optional.empty();
        }
        Set<String> registered = new HashSet<>(context.profile().getRegisteredScopes());
        Set<String> requested = new LinkedHashSet<>(auth.getScopes());
        List<String> unregistered = requested.stream().filter(scope -> !registered.contains(scope)).toList();
        if (unregistered.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("requested_scopes", Integer.toString(requested.size()));
        observed.put("unregistered_scopes", Integer.toString(unregistered.size()));
        Map<String, String> baseline = Map.of("registered_scopes", Integer.toString(registered.size()));
        return Optional.of(Finding.violation(Severity.critical, describe(event, auth, unregistered, registered.size()),
                observed, baseline, event.getOccurredAt(), suggestedAction(auth)));
    }

    private static String describe(AgentEvent event, AuthorizationPayload auth, List<String> unregistered, int registered) {
        String names = String.join(", ", unregistered.subList(0, Math.min(unregistered.size(), NAMED_IN_DESCRIPTION)));
        if (unregistered.size() > NAMED_IN_DESCRIPTION) {
            names += " and " + (unregistered.size() - NAMED_IN_DESCRIPTION) + " more";
        }
        return "Agent " + event.getAgentId() + " asked for " + unregistered.size()
                + (unregistered.size() == 1 ? " scope" : " scopes") + " outside its registration (" + names + ") in "
                + (auth.getAction().name().startsWith("a") || auth.getAction().name().startsWith("i") ? "an " : "a ")
                + auth.getAction() + " that ended " + event.getOutcome() + "; it has " + registered + " registered "
                + (registered == 1 ? "scope" : "scopes");
    }

    private static String suggestedAction(AuthorizationPayload auth) {
        String grant = auth.getGrantId() == null ? "issued for this request" : auth.getGrantId();
        return "Revoke the grant " + grant + " and find out why the agent asked for scopes outside its registration; "
                + "register them only if the need is legitimate";
    }
}
