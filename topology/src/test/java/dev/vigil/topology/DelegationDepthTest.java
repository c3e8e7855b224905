package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelegationDepthTest {

    private static final String AGENT = "did:web:agents.example.com:orchestrator";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void staysQuietAtTheDefaultMaximum() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.delegation("e1", AGENT, T0, DelegationAction.create, 3));
        topology.send(Events.delegatedAuthorization("e2", AGENT, T0.plusSeconds(1), 3));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void firesOnACreateOneDeeperThanTheDefaultMaximum() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.delegation("e1", AGENT, T0, DelegationAction.create, 4));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("delegation_depth");
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(69);
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1134");
        assertThat(alert.getDescription()).startsWith("delegation depth 4 exceeds the maximum of 3 (agent " + AGENT
                + ", creating a delegation to did:web:agents.example.com:child)");
        assertThat(alert.getObserved()).isEqualTo(Map.of("depth", "4"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("max_delegation_depth", "3"));
        assertThat(alert.getSuggestedAction()).startsWith("Revoke the delegation to did:web:agents.example.com:child");
    }

    @Test
    void firesOnAnAuthorizationMadeOnADelegationDeeperThanTheMaximum() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.delegatedAuthorization("e1", AGENT, T0, 5));

        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .singleElement().asString().startsWith("delegation depth 5 exceeds the maximum of 3");
    }

    @Test
    void respectsTheProfilesOwnMaximum() {
        topology.register(Events.profile(AGENT, List.of(), 5));

        topology.send(Events.delegation("e1", AGENT, T0, DelegationAction.create, 5));
        assertThat(topology.alerts()).isEmpty();

        topology.send(Events.delegation("e2", AGENT, T0.plusSeconds(1), DelegationAction.create, 6));
        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .singleElement().asString().startsWith("delegation depth 6 exceeds the maximum of 5");
    }

    @Test
    void aRevokeNeverFires() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.delegation("e1", AGENT, T0, DelegationAction.revoke, 9));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void repeatsFoldIntoTheOpenAlert() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.delegation("e1", AGENT, T0, DelegationAction.create, 4));
        topology.send(Events.delegation("e2", AGENT, T0.plusSeconds(60), DelegationAction.create, 7));

        assertThat(topology.alerts()).hasSize(1);
        assertThat(topology.stateStore().get(AGENT).openAlert("delegation_depth").orElseThrow().occurrences()).isEqualTo(2);
    }

    @Test
    void aLateEventIsStillChecked() {
        topology.register(Events.profile(AGENT, List.of()));

        topology.send(Events.toolCall("now", AGENT, T0.plusSeconds(3600)));
        topology.send(Events.delegation("late", AGENT, T0, DelegationAction.create, 4));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("delegation_depth");
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        topology.send(Events.delegation("e1", "did:web:other", T0, DelegationAction.create, 9));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
    }
}
