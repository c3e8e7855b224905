package dev.vigil.lifecycle.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AlertLifecycleEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The audit hash chain of lifecycle events, one chain per tenant ({@code docs/audit.md}): an event's {@code hash} is
 * the lower-case hex SHA-256 of its canonical form, and its {@code previousHash} is the {@code hash} of the tenant's
 * previous chained event (null for the tenant's first). The lifecycle writer and {@code vigil audit verify} both
 * compute it here, so they cannot disagree.
 *
 * <p>The canonical form is the RFC 8785 (JCS) canonical JSON, UTF-8, of an object holding every field of the event
 * except {@code hash}: {@code eventId}, {@code action}, {@code alertId}, {@code tenantId}, {@code agentId},
 * {@code ruleId}, {@code actor}, {@code note}, {@code resolution}, {@code assignee}, {@code occurredAt},
 * {@code previousHash}, and {@code incidentId} and {@code incidentStatus} when they are set; each present, {@code null} where absent; enums as their symbol; {@code occurredAt} as
 * {@code YYYY-MM-DDTHH:MM:SS.sssZ} (the millisecond the topic stores). A field added to the schema later joins the
 * form only when it is not null, so the hashes of events written before it stay valid.
 */
public final class AuditChain {

    /** The timestamp form of the canonical JSON. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** The event as the next link after {@code previousHash} (null: the tenant's first): both chain fields set. */
    public static AlertLifecycleEvent linked(AlertLifecycleEvent event, String previousHash) {
        AlertLifecycleEvent linked = AlertLifecycleEvent.newBuilder(event).setPreviousHash(previousHash).setHash(null).build();
        linked.setHash(hashOf(linked));
        return linked;
    }

    /** The hash the event should carry: of its canonical form, whatever its {@code hash} field holds. */
    public static String hashOf(AlertLifecycleEvent event) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalForm(event)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** True when the event carries a hash and that hash is the one of its content. */
    public static boolean intact(AlertLifecycleEvent event) {
        return event.getHash() != null && event.getHash().equals(hashOf(event));
    }

    /** The bytes hashed: see the class documentation. */
    public static byte[] canonicalForm(AlertLifecycleEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventId", event.getEventId());
        node.put("action", event.getAction() == null ? null : event.getAction().name());
        node.put("alertId", event.getAlertId());
        node.put("tenantId", event.getTenantId());
        node.put("agentId", event.getAgentId());
        node.put("ruleId", event.getRuleId());
        node.put("actor", event.getActor());
        node.put("note", event.getNote());
        node.put("resolution", event.getResolution() == null ? null : event.getResolution().name());
        node.put("assignee", event.getAssignee());
        node.put("occurredAt", event.getOccurredAt() == null ? null : TIMESTAMP.format(event.getOccurredAt()));
        node.put("previousHash", event.getPreviousHash());
        // Fields added in 0.2 join the form only when set, so hashes of events written before them stay valid.
        if (event.getIncidentId() != null) {
            node.put("incidentId", event.getIncidentId());
        }
        if (event.getIncidentStatus() != null) {
            node.put("incidentStatus", event.getIncidentStatus());
        }
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("JCS canonicalization failed for lifecycle event " + event.getEventId(), e);
        }
    }

    /** The canonical form as text, for documentation and debugging. */
    public static String canonicalText(AlertLifecycleEvent event) {
        return new String(canonicalForm(event), StandardCharsets.UTF_8);
    }
}
