package dev.vigil.lifecycle;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import java.time.Instant;

/** Agent profiles and breaker states for tests. */
public final class AgentFixtures {

    private AgentFixtures() {
    }

    public static AgentProfile profile(String agentId, String tenantId) {
        return AgentProfile.newBuilder().setAgentId(agentId).setTenantId(tenantId).setName("Agent " + agentId).build();
    }

    public static AgentStatus status(String agentId, String tenantId, BreakerState state, Instant since) {
        return AgentStatus.newBuilder().setAgentId(agentId).setTenantId(tenantId).setState(state)
                .setReason(state == BreakerState.MONITORING ? null : state.name().toLowerCase() + " for a test")
                .setActor("vigil").setSince(since).build();
    }

    /** The profile JSON of DESIGN.md for {@code agentId} of {@code tenantId}, every field set. */
    public static String profileJson(String agentId, String tenantId) {
        return "{\"agentId\": \"" + agentId + "\", \"tenantId\": \"" + tenantId + "\", \"name\": \"Billing bot\","
                + " \"registeredScopes\": [\"invoices:read\"],"
                + " \"operatingWindow\": {\"timezone\": \"Europe/Berlin\", \"days\": [\"MON\", \"TUE\"],"
                + " \"start\": \"09:00\", \"end\": \"17:00\"},"
                + " \"budget\": {\"amountUsd\": 500.25, \"period\": \"P1D\"}, \"maxDelegationDepth\": 2,"
                + " \"allowedCountries\": [\"DE\"], \"publicKeys\": {\"k1\": \"" + PUBLIC_KEY + "\"},"
                + " \"calibrationDays\": 14, \"settings\": {\"breaker.auto-halt\": \"true\"}}";
    }

    /** A raw 32-byte Ed25519 public key in base64url (RFC 8032 test vector 1). */
    public static final String PUBLIC_KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
}
