package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScopeEscalationTest {

    private static final String AGENT = "did:web:agents.example.com:billing-bot";

    private final TopologyHarness topology = new TopologyHarness();

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of("repo:read", "issues:write")));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesNamingTheUnregisteredScopes() {
        topology.send(Events.authorization("e1", AGENT, T0, List.of("repo:read", "admin:org", "repo:delete")));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("scope_escalation");
        assertThat(alert.getSeverity()).isEqualTo(Severity.critical);
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1548");
        assertThat(alert.getDescription())
                .contains("2 scopes outside its registration (admin:org, repo:delete)")
                .doesNotContain("repo:read,");
        assertThat(alert.getObserved()).isEqualTo(Map.of("requested_scopes", "3", "unregistered_scopes", "2"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("registered_scopes", "2"));
        assertThat(alert.getSuggestedAction()).startsWith("Revoke the grant grant-7");
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(T0);
    }

    @Test
    void namesTheActionWithItsArticle() {
        topology.send(Events.authorization("e1", AGENT, T0, List.of("admin:org")));
        topology.send(Events.authorization("e2", "did:web:other", T0, dev.vigil.avro.AuthorizationAction.authorize, List.of("x")));
        topology.send(Events.authorization("e3", AGENT, T0.plusSeconds(7200), dev.vigil.avro.AuthorizationAction.authorize,
                List.of("admin:org")));

        assertThat(topology.alerts()).filteredOn(a -> a.getRuleId().equals("scope_escalation")).extracting(Alert::getDescription)
                .anySatisfy(d -> assertThat(d).contains(") in a token_request that ended success"))
                .anySatisfy(d -> assertThat(d).contains(") in an authorize that ended success"));
    }

    @Test
    void staysQuietWhenEveryRequestedScopeIsRegistered() {
        topology.send(Events.authorization("e1", AGENT, T0, List.of("repo:read", "issues:write")));
        topology.send(Events.authorization("e2", AGENT, T0.plusSeconds(1), List.of()));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void ignoresEventsThatAreNotAuthorizations() {
        topology.send(Events.toolCall("e1", AGENT, T0));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void ignoresAuthorizationActionsThatAskForNoScope() {
        topology.send(Events.authorization("e1", AGENT, T0, AuthorizationAction.introspect, List.of("admin:org")));
        topology.send(Events.authorization("e2", AGENT, T0.plusSeconds(1), AuthorizationAction.revoke, List.of("admin:org")));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        topology.send(Events.authorization("e1", "did:web:other", T0, List.of("admin:org")));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
    }
}
