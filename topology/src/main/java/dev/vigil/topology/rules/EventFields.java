package dev.vigil.topology.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flattened event a rule sees as {@code event}: the envelope and the payload's fields side by side, so a rule
 * reads {@code event.bytesWritten} without knowing the Avro union. One catalogue serves the CEL type checker, the
 * aggregates' field check and the evaluation, so they cannot disagree. A field the event does not carry is absent
 * from the flattened map (never {@code null}), which CEL reports as an error and {@link WhereClause} turns into
 * "no match".
 */
final class EventFields {

    static final String AUTHORIZATION = "authorization";
    static final String TOOL_CALL = "tool_call";
    static final String RECEIPT = "receipt";
    static final String DELEGATION = "delegation";
    static final Set<String> EVENT_TYPES = Set.of(AUTHORIZATION, TOOL_CALL, RECEIPT, DELEGATION);

    /** Every field, with its CEL type: strings, {@code int} (64-bit) counts, the cost as {@code double}. */
    static final Map<String, CelType> TYPES = types();

    private EventFields() {
    }

    private static Map<String, CelType> types() {
        Map<String, CelType> t = new LinkedHashMap<>();
        for (String s : List.of("eventId", "tenantId", "agentId", "principalId", "type", "outcome", "sourceIp", "country",
                "action", "grantId", "tokenJti", "tool", "capability", "actionType", "resource", "provider", "model",
                "childAgentId")) {
            t.put(s, SimpleType.STRING);
        }
        for (String n : List.of("bytesRead", "bytesWritten", "records", "payloadBytes", "latencyMs", "inputTokens",
                "outputTokens", "depth")) {
            t.put(n, SimpleType.INT);
        }
        t.put("costUsd", SimpleType.DOUBLE);
        t.put("scopes", ListType.create(SimpleType.STRING));
        return Map.copyOf(t);
    }

    static boolean isNumeric(String field) {
        CelType type = TYPES.get(field);
        return type == SimpleType.INT || type == SimpleType.DOUBLE;
    }

    static boolean isScalar(String field) {
        return isNumeric(field) || TYPES.get(field) == SimpleType.STRING;
    }

    /** The event's type as rules name it: {@code authorization}, {@code tool_call}, {@code receipt}, {@code delegation}. */
    static String typeOf(AgentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload) {
            return AUTHORIZATION;
        }
        if (payload instanceof ToolCallPayload) {
            return TOOL_CALL;
        }
        if (payload instanceof ReceiptPayload) {
            return RECEIPT;
        }
        return DELEGATION;
    }

    /** The scopes the event involves; empty for every event but an authorization. */
    static List<String> scopesOf(AgentEvent event) {
        return event.getPayload() instanceof AuthorizationPayload a ? a.getScopes() : List.of();
    }

    /** The flattened event; a field that is null or not part of this kind of event is absent. */
    static Map<String, Object> flatten(AgentEvent event) {
        Map<String, Object> m = new HashMap<>();
        put(m, "eventId", event.getEventId());
        put(m, "tenantId", event.getTenantId());
        put(m, "agentId", event.getAgentId());
        put(m, "principalId", event.getPrincipalId());
        put(m, "type", typeOf(event));
        put(m, "outcome", event.getOutcome());
        put(m, "sourceIp", event.getSourceIp());
        put(m, "country", event.getGeo() == null ? null : event.getGeo().getCountry());
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload a) {
            authorization(m, a);
        } else if (payload instanceof ToolCallPayload t) {
            toolCall(m, t);
        } else if (payload instanceof ReceiptPayload r) {
            receipt(m, r);
        } else if (payload instanceof DelegationPayload d) {
            put(m, "action", d.getAction());
            put(m, "childAgentId", d.getChildAgentId());
            put(m, "depth", (long) d.getDepth());
        }
        return m;
    }

    private static void authorization(Map<String, Object> m, AuthorizationPayload a) {
        put(m, "action", a.getAction());
        put(m, "grantId", a.getGrantId());
        put(m, "tokenJti", a.getTokenJti());
        put(m, "scopes", List.copyOf(a.getScopes()));
        put(m, "latencyMs", a.getLatencyMs());
        if (a.getDelegation() != null) {
            put(m, "depth", (long) a.getDelegation().getDepth());
        }
    }

    private static void toolCall(Map<String, Object> m, ToolCallPayload t) {
        put(m, "tool", t.getTool());
        put(m, "capability", t.getCapability());
        put(m, "actionType", t.getActionType());
        put(m, "resource", t.getResource());
        put(m, "bytesRead", t.getBytesRead());
        put(m, "bytesWritten", t.getBytesWritten());
        put(m, "records", t.getRecords());
        put(m, "payloadBytes", t.getPayloadBytes());
        put(m, "latencyMs", t.getLatencyMs());
        put(m, "grantId", t.getGrantId());
        put(m, "tokenJti", t.getTokenJti());
    }

    private static void receipt(Map<String, Object> m, ReceiptPayload r) {
        put(m, "provider", r.getProvider());
        put(m, "model", r.getModel());
        put(m, "inputTokens", r.getInputTokens());
        put(m, "outputTokens", r.getOutputTokens());
        put(m, "costUsd", r.getCostUsd() == null ? null : r.getCostUsd().doubleValue());
    }

    /** Enums become their symbol, so CEL compares them as strings. */
    private static void put(Map<String, Object> m, String field, Object value) {
        if (value != null) {
            m.put(field, value instanceof Enum<?> e ? e.name() : value);
        }
    }
}
