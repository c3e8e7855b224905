package dev.vigil.topology.alert;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.Evidence;
import dev.vigil.topology.state.OpenAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Builds the Avro {@link Alert} of DESIGN.md's alert contract from a finding and its open alert. Every field comes
 * from the input — {@code detectedAt} is the triggering event's {@code occurredAt} — never from the clock, so a
 * replay gives byte-identical alerts.
 */
final class AlertRecords {

    private AlertRecords() {
    }

    static Alert of(Rule rule, Finding finding, AgentEvent event, OpenAlert open, boolean calibrating) {
        return Alert.newBuilder()
                .setAlertId(open.alertId())
                .setRuleId(rule.id())
                .setRuleVersion(rule.version())
                .setRuleName(rule.name())
                .setCategory(rule.category())
                .setSeverity(finding.severity())
                .setScore(calibrating ? Score.calibrating(finding.severity()) : finding.score())
                .setCalibrating(calibrating)
                .setTenantId(event.getTenantId())
                .setAgentId(event.getAgentId())
                .setPrincipalId(event.getPrincipalId())
                .setDescription(finding.description())
                .setObserved(new LinkedHashMap<>(finding.observed()))
                .setBaseline(new LinkedHashMap<>(finding.baseline()))
                .setWindowStart(finding.windowStart())
                .setWindowEnd(finding.windowEnd())
                .setEvidence(evidence(open.evidence()))
                .setSuggestedAction(finding.suggestedAction())
                .setAttack(rule.attack())
                .setOccurrences(open.occurrences())
                .setFirstSeen(Instant.ofEpochMilli(open.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(open.lastSeen()))
                .setDetectedAt(event.getOccurredAt())
                .setChannels(rule.channels())
                .build();
    }

    private static dev.vigil.avro.Evidence evidence(Evidence evidence) {
        boolean located = evidence.topic() != null;
        return dev.vigil.avro.Evidence.newBuilder()
                .setEventIds(new ArrayList<>(evidence.eventIds()))
                .setTopic(evidence.topic())
                .setPartition(located ? evidence.partition() : null)
                .setFirstOffset(located ? evidence.firstOffset() : null)
                .setLastOffset(located ? evidence.lastOffset() : null)
                .build();
    }
}
