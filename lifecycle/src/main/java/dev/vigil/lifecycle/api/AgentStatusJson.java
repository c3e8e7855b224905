package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.view.AgentOpenAlerts;
import dev.vigil.receipt.ReceiptCanonicalForm;
import java.time.Duration;
import java.time.Instant;

/**
 * The answer of {@code GET /v1/agents/{id}/status}: {@code {agentId, tenantId, state, reason, since, actor, alertId,
 * openAlerts: {count, alertIds}, calibration: {percent, firstEventAt, endsAt, ended}}}. An agent the topology has
 * written no state for yet is MONITORING with every other breaker field and every calibration field null.
 */
final class AgentStatusJson {

    private AgentStatusJson() {
    }

    static ObjectNode of(AgentControl.Agent agent, AgentOpenAlerts open, Instant now) {
        AgentStatus status = agent.status();
        ObjectNode body = Responses.object()
                .put("agentId", agent.agentId())
                .put("tenantId", agent.tenantId())
                .put("state", status == null ? BreakerState.MONITORING.name() : status.getState().name())
                .put("reason", status == null ? null : status.getReason())
                .put("since", status == null ? null : timestamp(status.getSince()))
                .put("actor", status == null ? null : status.getActor())
                .put("alertId", status == null ? null : status.getAlertId());
        ObjectNode alerts = body.putObject("openAlerts").put("count", open.count());
        ArrayNode ids = alerts.putArray("alertIds");
        open.alertIds().forEach(ids::add);
        ObjectNode calibration = body.putObject("calibration");
        if (status == null) {
            calibration.putNull("percent").putNull("firstEventAt").putNull("endsAt").putNull("ended");
        } else {
            calibration.put("percent", percent(status, now))
                    .put("firstEventAt", timestamp(status.getFirstEventAt()))
                    .put("endsAt", timestamp(status.getCalibrationEndsAt()))
                    .put("ended", status.getCalibrationEnded());
        }
        return body;
    }

    /**
     * How far the agent's calibration is, 0 to 100: 100 once marked calibrated, or when it has a first event and no
     * end (calibrationDays 0); otherwise the share of wall-clock time elapsed from its first event to its end, rounded
     * down and clamped. Null when the status does not say (a writer before schemas 0.2: no first event).
     */
    static Integer percent(AgentStatus status, Instant now) {
        Instant first = status.getFirstEventAt();
        Instant end = status.getCalibrationEndsAt();
        if (status.getCalibrationEnded() || (end == null && first != null)) {
            return 100;
        }
        if (first == null || end == null) {
            return null;
        }
        long total = Duration.between(first, end).toMillis();
        if (total <= 0) {
            return 100;
        }
        long elapsed = Duration.between(first, now).toMillis();
        return (int) Math.max(0, Math.min(100, elapsed * 100 / total));
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : ReceiptCanonicalForm.TIMESTAMP.format(instant);
    }
}
