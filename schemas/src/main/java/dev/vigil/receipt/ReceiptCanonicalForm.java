package dev.vigil.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The bytes a receipt signature covers (DESIGN.md, ingest format): the RFC 8785 (JCS) canonical JSON of an
 * object holding exactly the common fields and the receipt fields except {@code signature}, every one present,
 * {@code null} where absent, {@code occurredAt} as {@code YYYY-MM-DDTHH:MM:SS.sssZ}. Built from the Avro
 * record, so a receipt that arrived as Avro verifies exactly as one that arrived as JSON.
 */
public final class ReceiptCanonicalForm {

    /** The one timestamp form Vigil writes. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceiptCanonicalForm() {
    }

    /** The canonical UTF-8 bytes; throws {@link IllegalArgumentException} if the event is not a receipt. */
    public static byte[] of(AgentEvent event) {
        if (!(event.getPayload() instanceof ReceiptPayload receipt)) {
            throw new IllegalArgumentException("event " + event.getEventId() + " is not a receipt");
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "receipt");
        node.put("eventId", event.getEventId());
        node.put("tenantId", event.getTenantId());
        node.put("agentId", event.getAgentId());
        node.put("principalId", event.getPrincipalId());
        node.put("occurredAt", TIMESTAMP.format(event.getOccurredAt()));
        node.put("sourceIp", event.getSourceIp());
        if (event.getGeo() == null) {
            node.putNull("geo");
        } else {
            node.putObject("geo").put("country", event.getGeo().getCountry()).put("region", event.getGeo().getRegion());
        }
        node.put("outcome", event.getOutcome().name());
        node.put("receiptId", receipt.getReceiptId());
        node.put("provider", receipt.getProvider());
        node.put("model", receipt.getModel());
        node.put("inputTokens", receipt.getInputTokens());
        node.put("outputTokens", receipt.getOutputTokens());
        node.put("costUsd", receipt.getCostUsd());
        node.put("budgetId", receipt.getBudgetId());
        node.put("keyId", receipt.getKeyId());
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("JCS canonicalization failed for receipt " + receipt.getReceiptId(), e);
        }
    }

    /** Canonical form as text, for documentation and debugging. */
    public static String asText(AgentEvent event) {
        return new String(of(event), StandardCharsets.UTF_8);
    }

    static String format(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
