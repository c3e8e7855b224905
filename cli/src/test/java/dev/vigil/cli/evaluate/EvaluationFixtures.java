package dev.vigil.cli.evaluate;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.Severity;
import dev.vigil.ingest.AlertJson;
import dev.vigil.simulator.AttackLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made labels and alert records on a fixed clock, so each test states its own answer. */
final class EvaluationFixtures {

    static final Instant T0 = Instant.parse("2026-01-13T10:00:00Z");

    private EvaluationFixtures() {
    }

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A label of {@code rule} on {@code agent} from T0 + startMinute to T0 + endMinute. */
    static AttackLabel label(String agent, String rule, int startMinute, int endMinute) {
        return new AttackLabel(agent, rule, at(startMinute), at(endMinute), rule + " on " + agent);
    }

    /** One emission first seen, last seen and detected at the same minute. */
    static Emission emission(String alertId, String rule, String agent, int minute) {
        return new Emission(alertId, rule, agent, false, at(minute), at(minute), at(minute));
    }

    static Emission emission(String alertId, String rule, String agent, boolean calibrating, Instant firstSeen,
                             Instant lastSeen, Instant detectedAt) {
        return new Emission(alertId, rule, agent, calibrating, firstSeen, lastSeen, detectedAt);
    }

    /** The emission as {@code vigil replay} writes it: a whole alert record, as JSON. */
    static String json(Emission e) {
        Alert alert = Alert.newBuilder().setAlertId(e.alertId()).setRuleId(e.ruleId()).setRuleName(e.ruleId())
                .setCategory("behaviour").setSeverity(Severity.high).setScore(e.calibrating() ? 70 : 80)
                .setCalibrating(e.calibrating()).setTenantId("acme").setAgentId(e.agentId())
                .setDescription("a finding").setObserved(Map.of()).setBaseline(Map.of())
                .setWindowStart(e.firstSeen()).setWindowEnd(e.lastSeen())
                .setEvidence(Evidence.newBuilder().setEventIds(List.of("e-1")).build())
                .setSuggestedAction("look").setOccurrences(1).setFirstSeen(e.firstSeen()).setLastSeen(e.lastSeen())
                .setDetectedAt(e.detectedAt()).build();
        return AlertJson.write(alert);
    }

    /** A profile line with only what the evaluation reads. */
    static String profile(String agent, int calibrationDays) {
        return "{\"agentId\":\"" + agent + "\",\"tenantId\":\"acme\",\"calibrationDays\":" + calibrationDays + "}";
    }
}
