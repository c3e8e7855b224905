package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.state.AgentStateSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Builders for the usage-shaped events (receipts with a model and a price, tool calls with sizes and latency,
 * delegations of named children) that the model, latency, bulk, payload and delegation-rate tests feed in.
 */
final class UsageEvents {

    private UsageEvents() {
    }

    static AgentEvent receipt(String eventId, String agentId, Instant at, String provider, String model, String costUsd) {
        return envelope(eventId, agentId, at).setPayload(ReceiptPayload.newBuilder().setReceiptId("r-" + eventId)
                .setProvider(provider).setModel(model).setInputTokens(1000).setOutputTokens(100)
                .setCostUsd(new BigDecimal(costUsd).setScale(6)).build()).build();
    }

    /** A tool call; {@code payload} says what the test is about (tool, sizes, latency). */
    static AgentEvent call(String eventId, String agentId, Instant at, ToolCallPayload payload) {
        return envelope(eventId, agentId, at).setPayload(payload).build();
    }

    static ToolCallPayload.Builder tool(String tool, String actionType, Capability capability) {
        return ToolCallPayload.newBuilder().setTool(tool).setActionType(actionType).setCapability(capability);
    }

    static AgentEvent delegation(String eventId, String agentId, Instant at, DelegationAction action, String child) {
        return envelope(eventId, agentId, at).setPayload(DelegationPayload.newBuilder()
                .setAction(action).setChildAgentId(child).setDepth(1).build()).build();
    }

    /** The alerts of {@code ruleId} among those written since the last read (all are consumed). */
    static List<Alert> alertsOf(TopologyHarness topology, String ruleId) {
        return topology.alerts().stream().filter(alert -> alert.getRuleId().equals(ruleId)).toList();
    }

    /** The bytes the agent's state takes in the store (and the changelog). */
    /** The agent's state bytes without the circuit breaker's list of children (bounded on its own: Children). */
    static int stateBytes(TopologyHarness topology, String agentId) {
        AgentStateSerde serde = new AgentStateSerde();
        var state = serde.deserialize("t", serde.serialize("t", topology.stateStore().get(agentId)));
        state.dropSection(dev.vigil.topology.breaker.Children.SECTION.name());
        return serde.serialize("t", state).length;
    }

    private static AgentEvent.Builder envelope(String eventId, String agentId, Instant at) {
        return AgentEvent.newBuilder().setEventId(eventId).setTenantId(Events.TENANT).setAgentId(agentId)
                .setPrincipalId("user-1").setOccurredAt(at).setOutcome(Outcome.success);
    }
}
