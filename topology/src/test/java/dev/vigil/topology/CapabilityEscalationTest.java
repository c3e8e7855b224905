package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * capability_escalation: read &lt; write &lt; delete &lt; admin. The test agent does not calibrate (calibrationDays 0),
 * so its first tool call sets the level and the rule reports from the second on.
 */
class CapabilityEscalationTest {

    private static final String AGENT = "did:web:agents.example.com:ops-bot";
    private static final String RULE = "capability_escalation";

    private final TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of()));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesLowOnTheFirstWriteOfAnAgentThatOnlyRead() {
        topology.send(call(T0, Capability.read));
        topology.send(call(T0.plusSeconds(60), Capability.read));
        topology.send(call(AGENT, T0.plusSeconds(120), "github", "repo.create_pull_request", Capability.write, Outcome.success));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo(RULE);
        assertThat(alert.getSeverity()).isEqualTo(Severity.low);
        assertThat(alert.getScore()).isEqualTo(39);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1548");
        assertThat(alert.getDescription()).isEqualTo("capability escalated to write (github repo.create_pull_request on "
                + "repo:acme/service-1), above read, the highest the agent had used");
        assertThat(alert.getObserved()).isEqualTo(Map.of("capability_level", "2"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("highest_capability_level", "1"));
        assertThat(alert.getSuggestedAction()).isEqualTo("Confirm the agent needs write on github; if not, revoke the "
                + "privilege and grant grant-1 and check what the call changed");
        assertThat(alert.getWindowStart()).isEqualTo(T0.plusSeconds(120));
        assertThat(alert.getWindowEnd()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void theSeverityFollowsTheNewLevel() {
        String deleter = AGENT + "-delete";
        String admin = AGENT + "-admin";
        topology.register(Events.profile(deleter, List.of()));
        topology.register(Events.profile(admin, List.of()));
        topology.send(call(deleter, T0, "github", "repo.get_file", Capability.read, Outcome.success));
        topology.send(call(deleter, T0.plusSeconds(1), "postgres", "db.drop_table", Capability.delete, Outcome.success));
        topology.send(call(admin, T0, "github", "repo.get_file", Capability.write, Outcome.success));
        topology.send(call(admin, T0.plusSeconds(1), "iam", "roles.grant", Capability.admin, Outcome.denied));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.medium, Severity.high);
        assertThat(alerts).extracting(Alert::getScore).containsExactly(69, 89);
        assertThat(alerts.get(1).getDescription()).isEqualTo(
                "capability escalated to admin (iam roles.grant on repo:acme/service-1, denied), above write, the highest the agent had used");
    }

    @Test
    void staysQuietForCallsAtOrBelowTheLevelItHasUsed() {
        topology.send(call(T0, Capability.write));
        topology.send(call(T0.plusSeconds(1), Capability.read));
        topology.send(call(T0.plusSeconds(2), Capability.write));
        topology.send(call(T0.plusSeconds(3), Capability.read));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void theFirstCallSetsTheLevelEvenWhenItIsAdmin() {
        topology.send(call(T0, Capability.admin));
        topology.send(call(T0.plusSeconds(1), Capability.admin));
        topology.send(call(T0.plusSeconds(2), Capability.delete));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void ignoresEventsThatAreNotToolCalls() {
        topology.send(call(T0, Capability.read));
        topology.send(Events.authorization("auth", AGENT, T0.plusSeconds(1), List.of()));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void learnsDuringCalibrationAndReportsAfter() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            calibrating.send(call(T0, Capability.read));
            calibrating.send(call(T0.plus(Duration.ofDays(2)), Capability.write));
            calibrating.send(call(T0.plus(Duration.ofDays(3)), Capability.delete));
            assertThat(calibrating.alerts()).as("quiet while learning").isEmpty();

            calibrating.send(call(T0.plus(Duration.ofDays(8)), Capability.delete));
            assertThat(calibrating.alerts()).as("delete was learned").isEmpty();

            calibrating.send(call(T0.plus(Duration.ofDays(8)).plusSeconds(1), Capability.admin));
            List<Alert> alerts = calibrating.alerts();
            assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.high);
            assertThat(alerts.get(0).getCalibrating()).isFalse();
            assertThat(alerts.get(0).getBaseline()).isEqualTo(Map.of("highest_capability_level", "3"));
        }
    }

    @Test
    void keepsReportingTheEscalatedLevelWhileItsAlertIsOpen() {
        topology.send(call(T0, Capability.read));
        topology.send(call(T0.plusSeconds(60), Capability.admin));
        topology.send(call(T0.plusSeconds(120), Capability.admin));
        topology.send(call(T0.plusSeconds(180), Capability.write));     // below the reported admin: quiet

        assertThat(topology.alerts()).hasSize(1);
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(2);
    }

    @Test
    void aRepeatNeverCarriesALowerSeverityThanTheAlertReached() {
        topology.send(call(T0, Capability.read));
        topology.send(call(T0.plus(Duration.ofMinutes(1)), Capability.write));
        topology.send(call(T0.plus(Duration.ofMinutes(10)), Capability.delete));   // more severe: re-emitted at once
        topology.send(call(T0.plus(Duration.ofMinutes(70)), Capability.write));    // below delete: quiet
        topology.send(call(T0.plus(Duration.ofMinutes(75)), Capability.delete));   // an hour since the last: due

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.low, Severity.medium, Severity.medium);
        assertThat(alerts).extracting(Alert::getAlertId).containsOnly(alerts.get(0).getAlertId());
        assertThat(alerts).extracting(Alert::getOccurrences).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aResolvedEscalationIsAcceptedAsTheAgentsLevel() {
        topology.send(call(T0, Capability.read));
        topology.send(call(T0.plusSeconds(60), Capability.admin));
        Alert alert = topology.alerts().get(0);
        topology.sendLifecycle(Events.resolve("resolve-1", AGENT, alert.getAlertId(), RULE, T0.plusSeconds(90)));

        topology.send(call(T0.plusSeconds(120), Capability.admin));
        topology.send(call(T0.plusSeconds(180), Capability.delete));

        assertThat(topology.alerts()).isEmpty();
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE)).isEmpty();
    }

    @Test
    void aLateCallBeyondTheGraceIsJudgedLikeAnyOther() {
        topology.send(call(T0, Capability.read));
        topology.send(call(T0.plus(Duration.ofHours(1)), Capability.read));
        topology.send(call(T0.plus(Duration.ofMinutes(10)), Capability.delete));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getSeverity).containsExactly(Severity.medium);
    }

    @Test
    void theLevelSurvivesARestart() {
        topology.send(call(T0, Capability.write));
        try (TopologyHarness restarted = topology.restart()) {
            restarted.send(call(T0.plusSeconds(60), Capability.write));
            assertThat(restarted.alerts()).isEmpty();

            restarted.send(call(T0.plusSeconds(120), Capability.delete));
            assertThat(restarted.alerts()).extracting(Alert::getBaseline)
                    .containsExactly(Map.of("highest_capability_level", "2"));
        }
    }

    @Test
    void canBeTurnedOffForOneAgentInItsProfile() {
        try (TopologyHarness off = new TopologyHarness()) {
            off.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of("capability_escalation.enabled", "false")).build());
            off.send(call(T0, Capability.read));
            off.send(call(T0.plusSeconds(1), Capability.admin));

            assertThat(off.alerts()).isEmpty();
        }
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        topology.send(call("did:web:other", T0, "github", "repo.get_file", Capability.read, Outcome.success));
        topology.send(call("did:web:other", T0.plusSeconds(1), "iam", "roles.grant", Capability.admin, Outcome.success));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
    }

    private AgentEvent call(Instant at, Capability capability) {
        return call(AGENT, at, "github", "repo.get_file", capability, Outcome.success);
    }

    private AgentEvent call(String agent, Instant at, String tool, String action, Capability capability, Outcome outcome) {
        return AgentEvent.newBuilder().setEventId("c" + sequence++).setTenantId(Events.TENANT).setAgentId(agent)
                .setOccurredAt(at).setOutcome(outcome)
                .setPayload(ToolCallPayload.newBuilder().setTool(tool).setActionType(action).setCapability(capability)
                        .setResource("repo:acme/service-1").setGrantId("grant-1").build())
                .build();
    }
}
