package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.alert.AlertIds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnknownAgentTest {

    private static final String AGENT = "did:web:agents.example.com:ghost";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesForAnEventFromAnAgentWithoutAProfile() {
        topology.send(Events.toolCall("e1", AGENT, T0));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("unknown_agent");
        assertThat(alert.getAlertId()).isEqualTo(AlertIds.of(AGENT, "unknown_agent", "e1")).hasSize(32);
        assertThat(alert.getSeverity()).isEqualTo(Severity.critical);
        assertThat(alert.getScore()).isEqualTo(100);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("identity");
        assertThat(alert.getAttack()).isEqualTo("T1078");
        assertThat(alert.getSuggestedAction())
                .isEqualTo("Register the agent or revoke its credentials; treat its activity as unauthorized until identified");
        assertThat(alert.getDescription()).contains(AGENT).contains("not in the agent registry");
        assertThat(alert.getTenantId()).isEqualTo(Events.TENANT);
        assertThat(alert.getPrincipalId()).isEqualTo("user-1");
        assertThat(alert.getOccurrences()).isEqualTo(1);
        assertThat(alert.getFirstSeen()).isEqualTo(T0);
        assertThat(alert.getLastSeen()).isEqualTo(T0);
        assertThat(alert.getDetectedAt()).isEqualTo(T0);
        assertThat(alert.getEvidence().getEventIds()).containsExactly("e1");
        assertThat(alert.getEvidence().getTopic()).isEqualTo("vigil.events.v1");
        assertThat(alert.getEvidence().getPartition()).isZero();
        assertThat(alert.getEvidence().getFirstOffset()).isZero();
        assertThat(alert.getEvidence().getLastOffset()).isZero();
    }

    @Test
    void foldsRepeatsAndReEmitsTheSameAlertOnlyAfterTheRepeatInterval() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        String alertId = topology.alerts().get(0).getAlertId();

        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofMinutes(10))));
        topology.send(Events.toolCall("e3", AGENT, T0.plus(Duration.ofMinutes(59))));
        assertThat(topology.alerts()).as("repeats inside the repeat interval are folded, not emitted").isEmpty();

        topology.send(Events.toolCall("e4", AGENT, T0.plus(Duration.ofHours(1))));
        List<Alert> reEmitted = topology.alerts();
        assertThat(reEmitted).hasSize(1);
        Alert alert = reEmitted.get(0);
        assertThat(alert.getAlertId()).isEqualTo(alertId);
        assertThat(alert.getOccurrences()).isEqualTo(4);
        assertThat(alert.getFirstSeen()).isEqualTo(T0);
        assertThat(alert.getLastSeen()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(alert.getDetectedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(alert.getEvidence().getEventIds()).containsExactly("e1", "e2", "e3", "e4");
        assertThat(alert.getEvidence().getFirstOffset()).isZero();
        assertThat(alert.getEvidence().getLastOffset()).isEqualTo(3);
    }

    @Test
    void keepsAtMostTwentyEvidenceEventIdsWhateverTheRepeats() {
        for (int i = 0; i < 30; i++) {
            topology.send(Events.toolCall("e" + i, AGENT, T0.plus(Duration.ofMinutes(i))));
        }
        topology.send(Events.toolCall("last", AGENT, T0.plus(Duration.ofHours(2))));

        List<Alert> alerts = topology.alerts();
        Alert reEmitted = alerts.get(alerts.size() - 1);
        assertThat(reEmitted.getOccurrences()).isEqualTo(31);
        assertThat(reEmitted.getEvidence().getEventIds()).hasSize(20).startsWith("e0", "e1").doesNotContain("last");
        assertThat(reEmitted.getEvidence().getLastOffset()).isEqualTo(30);
    }

    @Test
    void staysQuietForARegisteredAgent() {
        topology.register(Events.profile(AGENT, List.of("repo:read")));

        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofHours(2))));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void countsEventsByTypeAndAlertsByRuleAndSeverity() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.send(Events.authorization("e2", AGENT, T0.plusSeconds(1), List.of("repo:read")));

        assertThat(topology.counter("vigil.events", "type", "tool_call")).isEqualTo(1);
        assertThat(topology.counter("vigil.events", "type", "authorization")).isEqualTo(1);
        assertThat(topology.counter("vigil.alerts", "rule", "unknown_agent", "severity", "critical")).isEqualTo(1);
    }
}
