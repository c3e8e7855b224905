package dev.vigil.notifier.testing;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts for notifier tests: one fixed, realistic alert to vary with the builder. */
public final class TestAlerts {

    public static final Instant DETECTED = Instant.parse("2026-11-20T10:15:30.123Z");

    private TestAlerts() {
    }

    public static Alert.Builder scopeEscalation() {
        return Alert.newBuilder()
                .setAlertId("1a2b3c4d5e6f7a8b9c0d")
                .setRuleId("scope_escalation")
                .setRuleName("Scope escalation")
                .setCategory("access")
                .setSeverity(Severity.critical)
                .setScore(95)
                .setCalibrating(false)
                .setTenantId("t1")
                .setAgentId("did:web:x")
                .setPrincipalId(null)
                .setDescription("Asked for scope admin:all, outside its 3 registered scopes")
                .setObserved(Map.of("scope", "admin:all"))
                .setBaseline(Map.of("registeredScopes", "3"))
                .setWindowStart(DETECTED)
                .setWindowEnd(DETECTED)
                .setEvidence(Evidence.newBuilder().setEventIds(List.of("ev-1")).setTopic("vigil.events.v1")
                        .setPartition(0).setFirstOffset(7L).setLastOffset(7L).build())
                .setSuggestedAction("Revoke the grant and review the agent's registration.")
                .setAttack("T1078")
                .setOccurrences(1)
                .setFirstSeen(DETECTED)
                .setLastSeen(DETECTED)
                .setDetectedAt(DETECTED)
                .setChannels(List.of());
    }

    public static Alert withSeverity(Severity severity) {
        return scopeEscalation().setSeverity(severity).build();
    }
}
