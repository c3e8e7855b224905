package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.DelegationRef;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
import java.time.Instant;
import java.util.List;

/** Builders of the records the topology tests feed in; every field the schema requires, nothing random. */
final class Events {

    static final String TENANT = "tenant-1";
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Events() {
    }

    static AgentEvent toolCall(String eventId, String agentId, Instant at) {
        return envelope(eventId, agentId, at).setPayload(ToolCallPayload.newBuilder()
                .setTool("github").setCapability(Capability.read).build()).build();
    }

    static AgentEvent authorization(String eventId, String agentId, Instant at, List<String> scopes) {
        return authorization(eventId, agentId, at, AuthorizationAction.token_request, scopes);
    }

    static AgentEvent authorization(String eventId, String agentId, Instant at, AuthorizationAction action, List<String> scopes) {
        return envelope(eventId, agentId, at).setPayload(AuthorizationPayload.newBuilder()
                .setAction(action).setGrantId("grant-7").setScopes(scopes).build()).build();
    }

    /** An authorization with token {@code jti} from {@code sourceIp}. */
    static AgentEvent tokenUse(String eventId, String agentId, Instant at, String jti, String sourceIp) {
        return envelope(eventId, agentId, at).setSourceIp(sourceIp).setPayload(AuthorizationPayload.newBuilder()
                .setAction(AuthorizationAction.introspect).setGrantId("grant-7").setTokenJti(jti).build()).build();
    }

    /** A tool call with token {@code jti} from {@code sourceIp}. */
    static AgentEvent toolCallWithToken(String eventId, String agentId, Instant at, String jti, String sourceIp) {
        return envelope(eventId, agentId, at).setSourceIp(sourceIp).setPayload(ToolCallPayload.newBuilder()
                .setTool("github").setCapability(Capability.read).setGrantId("grant-7").setTokenJti(jti).build()).build();
    }

    static AgentEvent delegation(String eventId, String agentId, Instant at, DelegationAction action, int depth) {
        return envelope(eventId, agentId, at).setPayload(DelegationPayload.newBuilder()
                .setAction(action).setChildAgentId("did:web:agents.example.com:child").setDepth(depth).build()).build();
    }

    static AgentEvent delegatedAuthorization(String eventId, String agentId, Instant at, int depth) {
        return envelope(eventId, agentId, at).setPayload(AuthorizationPayload.newBuilder()
                .setAction(AuthorizationAction.token_exchange).setGrantId("grant-7")
                .setDelegation(DelegationRef.newBuilder().setParentAgentId("did:web:agents.example.com:parent")
                        .setDepth(depth).build()).build()).build();
    }

    /** A profile without calibration (calibrationDays 0), so behaviour rules report at full strength at once. */
    static AgentProfile profile(String agentId, List<String> scopes, int maxDelegationDepth) {
        return AgentProfile.newBuilder().setAgentId(agentId).setTenantId(TENANT).setName("test agent")
                .setRegisteredScopes(scopes).setMaxDelegationDepth(maxDelegationDepth).setCalibrationDays(0).build();
    }

    /** A profile without calibration (calibrationDays 0), so behaviour rules report at full strength at once. */
    static AgentProfile profile(String agentId, List<String> scopes) {
        return AgentProfile.newBuilder().setAgentId(agentId).setTenantId(TENANT).setName("test agent")
                .setRegisteredScopes(scopes).setCalibrationDays(0).build();
    }

    /** A profile whose agent calibrates for its first {@code days} of activity. */
    static AgentProfile calibratingProfile(String agentId, int days) {
        return AgentProfile.newBuilder(profile(agentId, List.of())).setCalibrationDays(days).build();
    }

    static AlertLifecycleEvent resolve(String eventId, String agentId, String alertId, String ruleId, Instant at) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(LifecycleAction.RESOLVE)
                .setAlertId(alertId).setRuleId(ruleId).setTenantId(TENANT).setAgentId(agentId).setActor("alice")
                .setOccurredAt(at).build();
    }

    private static AgentEvent.Builder envelope(String eventId, String agentId, Instant at) {
        return AgentEvent.newBuilder().setEventId(eventId).setTenantId(TENANT).setAgentId(agentId)
                .setPrincipalId("user-1").setOccurredAt(at).setOutcome(Outcome.success);
    }
}
