package dev.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.DelegationRef;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.util.List;

/**
 * One line of the ingest format (DESIGN.md, "Ingest format (JSON lines) — a public contract") as an
 * {@link AgentEvent}, and back.
 *
 * <p>Reading is strict where a mistake would change meaning and lenient where it cannot: unknown fields are
 * ignored; required fields, enum symbols, integer and decimal types are checked, and the first violation is an
 * {@link IngestException} naming the field and showing the bad value. {@code occurredAt} takes any RFC 3339
 * offset and becomes a UTC instant truncated to milliseconds; {@code costUsd} takes a JSON number or a string, is
 * kept exact, and may have at most six decimals. Integer fields (counts, sizes, latencies, depths) must be
 * non-negative JSON integers.
 *
 * <p>Writing emits every field of the event's type, {@code null} where absent, in a stable order, with
 * {@code occurredAt} as {@code YYYY-MM-DDTHH:MM:SS.sssZ} and {@code costUsd} as a JSON number; so
 * {@code parse(write(e))} equals {@code e}, and a signed receipt verifies the same either side of the mapping.
 */
public final class EventJson {

    /** The values of the {@code type} field. */
    public static final String AUTHORIZATION = "authorization";
    public static final String TOOL_CALL = "tool_call";
    public static final String RECEIPT = "receipt";
    public static final String DELEGATION = "delegation";

    private static final List<String> TYPES = List.of(AUTHORIZATION, TOOL_CALL, RECEIPT, DELEGATION);

    private EventJson() {
    }

    /** The event of one JSON line; {@link IngestException} naming the field when the line breaks the contract. */
    public static AgentEvent parse(String line) {
        Fields f = Fields.of(Json.parseObject(line));
        String type = f.requiredText("type");
        Object payload = switch (type) {
            case AUTHORIZATION -> authorization(f);
            case TOOL_CALL -> toolCall(f);
            case RECEIPT -> receipt(f);
            case DELEGATION -> delegation(f);
            default -> throw f.error("type", "must be one of " + String.join(", ", TYPES) + ": " + Json.show(f.raw("type")));
        };
        Fields geo = f.optionalObject("geo");
        return AgentEvent.newBuilder()
                .setEventId(f.requiredId("eventId"))
                .setTenantId(f.requiredId("tenantId"))
                .setAgentId(f.requiredId("agentId"))
                .setPrincipalId(f.optionalText("principalId"))
                .setOccurredAt(f.requiredInstant("occurredAt"))
                .setSourceIp(f.optionalText("sourceIp"))
                .setGeo(geo == null ? null : new Geo(geo.optionalText("country"), geo.optionalText("region")))
                .setOutcome(f.requiredEnum("outcome", Outcome.class))
                .setPayload(payload)
                .build();
    }

    /** One line of JSON, no line break. */
    public static String write(AgentEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", type(event));
        node.put("eventId", event.getEventId());
        node.put("tenantId", event.getTenantId());
        node.put("agentId", event.getAgentId());
        node.put("principalId", event.getPrincipalId());
        node.put("occurredAt", ReceiptCanonicalForm.TIMESTAMP.format(event.getOccurredAt()));
        node.put("sourceIp", event.getSourceIp());
        node.set("geo", geo(event.getGeo()));
        node.put("outcome", event.getOutcome().name());
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload p) {
            writeAuthorization(node, p);
        } else if (payload instanceof ToolCallPayload p) {
            writeToolCall(node, p);
        } else if (payload instanceof ReceiptPayload p) {
            writeReceipt(node, p);
        } else {
            writeDelegation(node, (DelegationPayload) payload);
        }
        return Json.write(node);
    }

    /** The ingest {@code type} of an event: {@code authorization}, {@code tool_call}, {@code receipt} or {@code delegation}. */
    public static String type(AgentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload) {
            return AUTHORIZATION;
        } else if (payload instanceof ToolCallPayload) {
            return TOOL_CALL;
        } else if (payload instanceof ReceiptPayload) {
            return RECEIPT;
        } else if (payload instanceof DelegationPayload) {
            return DELEGATION;
        }
        throw new IllegalArgumentException("event " + event.getEventId() + " has no known payload: " + payload);
    }

    private static AuthorizationPayload authorization(Fields f) {
        Fields delegation = f.optionalObject("delegation");
        return AuthorizationPayload.newBuilder()
                .setAction(f.requiredEnum("action", AuthorizationAction.class))
                .setGrantId(f.optionalText("grantId"))
                .setTokenJti(f.optionalText("tokenJti"))
                .setScopes(f.stringList("scopes"))
                .setDelegation(delegation == null ? null
                        : new DelegationRef(delegation.requiredId("parentAgentId"), delegation.requiredInt("depth", 0)))
                .setLatencyMs(f.optionalLong("latencyMs", 0))
                .build();
    }

    private static ToolCallPayload toolCall(Fields f) {
        return ToolCallPayload.newBuilder()
                .setTool(f.requiredId("tool"))
                .setCapability(f.requiredEnum("capability", Capability.class))
                .setActionType(f.optionalText("actionType"))
                .setResource(f.optionalText("resource"))
                .setBytesRead(f.optionalLong("bytesRead", 0))
                .setBytesWritten(f.optionalLong("bytesWritten", 0))
                .setRecords(f.optionalLong("records", 0))
                .setPayloadBytes(f.optionalLong("payloadBytes", 0))
                .setLatencyMs(f.optionalLong("latencyMs", 0))
                .setGrantId(f.optionalText("grantId"))
                .setTokenJti(f.optionalText("tokenJti"))
                .build();
    }

    private static ReceiptPayload receipt(Fields f) {
        return ReceiptPayload.newBuilder()
                .setReceiptId(f.requiredId("receiptId"))
                .setProvider(f.requiredId("provider"))
                .setModel(f.requiredId("model"))
                .setInputTokens(f.longOr("inputTokens", 0, 0))
                .setOutputTokens(f.longOr("outputTokens", 0, 0))
                .setCostUsd(f.requiredMoney("costUsd"))
                .setBudgetId(f.optionalText("budgetId"))
                .setKeyId(f.optionalText("keyId"))
                .setSignature(f.optionalText("signature"))
                .build();
    }

    private static DelegationPayload delegation(Fields f) {
        return DelegationPayload.newBuilder()
                .setAction(f.requiredEnum("action", DelegationAction.class))
                .setChildAgentId(f.requiredId("childAgentId"))
                .setDepth(f.requiredInt("depth", 0))
                .build();
    }

    private static JsonNode geo(Geo geo) {
        if (geo == null) {
            return NullNode.getInstance();
        }
        return Json.MAPPER.createObjectNode().put("country", geo.getCountry()).put("region", geo.getRegion());
    }

    private static void writeAuthorization(ObjectNode node, AuthorizationPayload p) {
        node.put("action", p.getAction().name());
        node.put("grantId", p.getGrantId());
        node.put("tokenJti", p.getTokenJti());
        ArrayNode scopes = node.putArray("scopes");
        p.getScopes().forEach(scopes::add);
        DelegationRef delegation = p.getDelegation();
        node.set("delegation", delegation == null ? NullNode.getInstance()
                : Json.MAPPER.createObjectNode().put("parentAgentId", delegation.getParentAgentId()).put("depth", delegation.getDepth()));
        node.put("latencyMs", p.getLatencyMs());
    }

    private static void writeToolCall(ObjectNode node, ToolCallPayload p) {
        node.put("tool", p.getTool());
        node.put("capability", p.getCapability().name());
        node.put("actionType", p.getActionType());
        node.put("resource", p.getResource());
        node.put("bytesRead", p.getBytesRead());
        node.put("bytesWritten", p.getBytesWritten());
        node.put("records", p.getRecords());
        node.put("payloadBytes", p.getPayloadBytes());
        node.put("latencyMs", p.getLatencyMs());
        node.put("grantId", p.getGrantId());
        node.put("tokenJti", p.getTokenJti());
    }

    private static void writeReceipt(ObjectNode node, ReceiptPayload p) {
        node.put("receiptId", p.getReceiptId());
        node.put("provider", p.getProvider());
        node.put("model", p.getModel());
        node.put("inputTokens", p.getInputTokens());
        node.put("outputTokens", p.getOutputTokens());
        node.set("costUsd", DecimalNode.valueOf(p.getCostUsd()));
        node.put("budgetId", p.getBudgetId());
        node.put("keyId", p.getKeyId());
        node.put("signature", p.getSignature());
    }

    private static void writeDelegation(ObjectNode node, DelegationPayload p) {
        node.put("action", p.getAction().name());
        node.put("childAgentId", p.getChildAgentId());
        node.put("depth", p.getDepth());
    }
}
