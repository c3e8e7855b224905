package dev.vigil.lifecycle;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Alerts and lifecycle events for tests, with sensible values everywhere a test does not care. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00.000Z");

    private Fixtures() {
    }

    public static Alert alert(String alertId, String agentId, Severity severity, Instant detectedAt) {
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setRuleId("velocity_spike")
                .setRuleName("Velocity spike")
                .setCategory("behaviour")
                .setSeverity(severity)
                .setScore(80)
                .setTenantId("tenant-a")
                .setAgentId(agentId)
                .setDescription("42 requests in 5 minutes against an average of 6.1")
                .setObserved(Map.of("requests", "42"))
                .setBaseline(Map.of("requestsPer5m", "6.10"))
                .setWindowStart(detectedAt.minusSeconds(300))
                .setWindowEnd(detectedAt)
                .setEvidence(Evidence.newBuilder().setEventIds(List.of("e-1", "e-2")).setTopic("vigil.events.v1")
                        .setPartition(0).setFirstOffset(10L).setLastOffset(52L).build())
                .setSuggestedAction("Check the agent's recent tool calls.")
                .setOccurrences(1)
                .setFirstSeen(detectedAt)
                .setLastSeen(detectedAt)
                .setDetectedAt(detectedAt)
                .build();
    }

    public static Alert alert(String alertId) {
        return alert(alertId, "did:web:agent-1", Severity.high, T0);
    }

    /** The same alert re-emitted with one more occurrence seen at {@code lastSeen}. */
    public static Alert reEmitted(Alert alert, long occurrences, Instant lastSeen) {
        return Alert.newBuilder(alert).setOccurrences(occurrences).setLastSeen(lastSeen).build();
    }

    public static AlertLifecycleEvent event(LifecycleAction action, Alert alert, String actor, String note,
                                            Resolution resolution, Instant at) {
        return AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(action)
                .setAlertId(alert.getAlertId())
                .setTenantId(alert.getTenantId())
                .setAgentId(alert.getAgentId())
                .setRuleId(alert.getRuleId())
                .setActor(actor)
                .setNote(note)
                .setResolution(resolution)
                .setOccurredAt(at)
                .build();
    }

    public static AlertLifecycleEvent acknowledge(Alert alert, String actor, Instant at) {
        return event(LifecycleAction.ACKNOWLEDGE, alert, actor, "looking", null, at);
    }

    public static AlertLifecycleEvent resolve(Alert alert, String actor, Resolution resolution, Instant at) {
        return event(LifecycleAction.RESOLVE, alert, actor, "done", resolution, at);
    }
}
