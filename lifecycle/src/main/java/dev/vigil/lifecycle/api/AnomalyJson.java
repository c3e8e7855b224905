package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.ingest.AlertJson;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.time.Instant;

/**
 * An alert in the shape of the common anomaly API, for clients written against it:
 * {@code {id, type, severity, agentId, principalId, description, metadata, detectedAt, acknowledgedAt}}, where
 * {@code type} is the rule id and {@code metadata} holds what that shape has no field for (the exact
 * {@code observed} and {@code baseline} figures, {@code score}, {@code tenantId}, {@code ruleName}, {@code category}).
 * {@code acknowledgedAt} is when a person acknowledged it, null while nobody has (also for an alert resolved without
 * an acknowledgement).
 */
final class AnomalyJson {

    private AnomalyJson() {
    }

    static ObjectNode toNode(AlertView view) {
        Alert alert = view.alert();
        ObjectNode contract = AlertJson.toNode(alert);
        ObjectNode node = Responses.object();
        node.put("id", alert.getAlertId());
        node.put("type", alert.getRuleId());
        node.put("severity", alert.getSeverity().name());
        node.put("agentId", alert.getAgentId());
        node.put("principalId", alert.getPrincipalId());
        node.put("description", alert.getDescription());
        ObjectNode metadata = node.putObject("metadata");
        metadata.set("observed", contract.get("observed"));
        metadata.set("baseline", contract.get("baseline"));
        metadata.put("score", alert.getScore());
        metadata.put("tenantId", alert.getTenantId());
        metadata.put("ruleName", alert.getRuleName());
        metadata.put("category", alert.getCategory());
        node.put("detectedAt", timestamp(alert.getDetectedAt()));
        node.put("acknowledgedAt", timestamp(view.acknowledgedAt()));
        return node;
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }
}
