package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Outcome;
import dev.vigil.topology.breaker.BreakerPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker on vigil.agent-status.v1: MONITORING → WARN → HALTED, KILLED; auto-halt by policy, commands
 * from vigil.alert-events.v1, the cascade to delegated children.
 */
class CircuitBreakerTest {

    private static final String AGENT = "did:web:agents.example.com:billing";
    private static final String CHILD_1 = "did:web:agents.example.com:child-1";
    private static final String CHILD_2 = "did:web:agents.example.com:child-2";

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    private static AgentProfile profile(Map<String, String> settings) {
        return AgentProfile.newBuilder(Events.profile(AGENT, List.of("invoices:read"))).setSettings(settings).build();
    }

    /** scope_escalation: a critical alert. */
    private void escalate(Instant at) {
        topology.send(Events.authorization("e" + sequence++, AGENT, at, List.of("payments:write")));
    }

    private AlertLifecycleEvent command(LifecycleAction action, String agent, String actor, String note, Instant at) {
        return AlertLifecycleEvent.newBuilder().setEventId("c" + sequence++).setAction(action).setTenantId(Events.TENANT)
                .setAgentId(agent).setActor(actor).setNote(note).setOccurredAt(at).build();
    }

    private void delegate(String parent, String child, DelegationAction action, Instant at) {
        topology.send(AgentEvent.newBuilder().setEventId("d" + sequence++).setTenantId(Events.TENANT).setAgentId(parent)
                .setOccurredAt(at).setOutcome(Outcome.success)
                .setPayload(DelegationPayload.newBuilder().setAction(action).setChildAgentId(child).setDepth(1).build()).build());
    }

    @Test
    void aCriticalAlertHaltsTheAgentWhereItsPolicyEnablesAutoHalt() {
        topology.register(profile(Map.of("breaker.auto-halt", "true")));
        escalate(T0);

        Alert alert = topology.alerts().get(0);
        List<AgentStatus> statuses = topology.moves();
        assertThat(statuses).hasSize(1);
        AgentStatus status = statuses.get(0);
        assertThat(status.getState()).isEqualTo(BreakerState.HALTED);
        assertThat(status.getAgentId()).isEqualTo(AGENT);
        assertThat(status.getAlertId()).isEqualTo(alert.getAlertId());
        assertThat(status.getActor()).isEqualTo("vigil");
        assertThat(status.getReason()).startsWith("auto-halt: scope_escalation (critical): ");
        assertThat(status.getSince()).isEqualTo(T0);
        assertThat(topology.commandsWritten()).as("the auto-halt is on the record as a decision by vigil")
                .singleElement().satisfies(record -> {
                    assertThat(record.getAction()).isEqualTo(LifecycleAction.HALT);
                    assertThat(record.getAgentId()).isEqualTo(AGENT);
                    assertThat(record.getAlertId()).isEqualTo(alert.getAlertId());
                    assertThat(record.getActor()).isEqualTo("vigil");
                    assertThat(record.getNote()).isEqualTo(status.getReason());
                    assertThat(record.getOccurredAt()).isEqualTo(T0);
                });
        assertThat(topology.moves()).as("read back by the topology, it moves nothing: the agent is halted").isEmpty();
        assertThat(topology.counter("vigil.commands.refused", "action", "HALT")).isZero();
    }

    @Test
    void withoutAutoHaltACriticalAlertOnlyWarnsAndOnlyOnce() {
        topology.register(profile(Map.of()));
        escalate(T0);
        escalate(T0.plusSeconds(60));

        List<AgentStatus> statuses = topology.moves();
        assertThat(statuses).extracting(AgentStatus::getState).containsExactly(BreakerState.WARN);
    }

    @Test
    void aTenantPolicyEnablesAutoHaltForItsAgents() {
        topology.close();
        topology = new TopologyHarness(DetectionSettings.defaults().withTenant(Events.TENANT, BreakerPolicy.AUTO_HALT, true));
        topology.register(profile(Map.of()));
        escalate(T0);

        assertThat(topology.moves()).extracting(AgentStatus::getState).containsExactly(BreakerState.HALTED);
    }

    @Test
    void aMediumAlertMovesNothing() {
        topology.register(profile(Map.of("breaker.auto-halt", "true")));
        topology.send(Events.delegatedAuthorization("e1", AGENT, T0, 5));    // delegation_depth: medium

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("delegation_depth");
        assertThat(topology.moves()).isEmpty();
    }

    @Test
    void aCalibratingAlertNeverMovesTheBreaker() {
        topology.register(AgentProfile.newBuilder(Events.calibratingProfile(AGENT, 7))
                .setSettings(Map.of("breaker.auto-halt", "true", "breaker.halt-severity", "high")).build());
        velocitySpike();

        assertThat(topology.alerts()).singleElement().satisfies(a -> assertThat(a.getCalibrating()).isTrue());
        assertThat(topology.moves()).isEmpty();
    }

    @Test
    void markCalibratedEndsCalibrationSoTheNextAlertIsFullStrength() {
        topology.register(Events.calibratingProfile(AGENT, 7));
        topology.sendLifecycle(command(LifecycleAction.MARK_CALIBRATED, AGENT, "alice", "baseline looks right", T0));
        velocitySpike();

        assertThat(topology.alerts()).singleElement().satisfies(a -> assertThat(a.getCalibrating()).isFalse());
        assertThat(topology.moves()).extracting(AgentStatus::getState).containsExactly(BreakerState.WARN);
    }

    /**
     * The cascade goes through vigil.alert-events.v1, which the topology also reads: the test driver pipes what a
     * topology writes to one of its own source topics straight back in, as the broker would.
     */
    @Test
    void haltCascadesToTheChildrenItDelegatedToAndStopsAtACycle() {
        topology.register(profile(Map.of()));
        topology.register(Events.profile(CHILD_1, List.of()));
        topology.register(Events.profile(CHILD_2, List.of()));
        delegate(AGENT, CHILD_1, DelegationAction.create, T0);
        delegate(AGENT, CHILD_2, DelegationAction.create, T0.plusSeconds(1));
        delegate(CHILD_2, AGENT, DelegationAction.create, T0.plusSeconds(2));   // a cycle back to the parent

        topology.sendLifecycle(command(LifecycleAction.HALT, AGENT, "alice", "investigating invoices", T0.plusSeconds(60)));

        List<AgentStatus> statuses = topology.moves();
        assertThat(statuses).extracting(AgentStatus::getAgentId, AgentStatus::getState, AgentStatus::getActor).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AGENT, BreakerState.HALTED, "alice"),
                org.assertj.core.groups.Tuple.tuple(CHILD_1, BreakerState.HALTED, "vigil:cascade"),
                org.assertj.core.groups.Tuple.tuple(CHILD_2, BreakerState.HALTED, "vigil:cascade"));
        assertThat(statuses.get(0).getReason()).isEqualTo("halted by alice: investigating invoices");
        assertThat(statuses.get(1).getReason())
                .isEqualTo("halted by vigil:cascade: parent " + AGENT + " halted: halted by alice: investigating invoices");
        List<AlertLifecycleEvent> cascade = topology.commandsWritten();
        assertThat(cascade).as("to each child, then child-2's back to the parent, which is halted already and stops")
                .extracting(AlertLifecycleEvent::getAgentId).containsExactly(CHILD_1, CHILD_2, AGENT);
        assertThat(cascade).allSatisfy(c -> {
            assertThat(c.getAction()).isEqualTo(LifecycleAction.HALT);
            assertThat(c.getActor()).isEqualTo("vigil:cascade");
            assertThat(c.getAlertId()).as("it acts on an agent, not an alert").isNull();
        });
        assertThat(cascade).extracting(AlertLifecycleEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void aRevokedChildIsNotCascadedTo() {
        topology.register(profile(Map.of()));
        delegate(AGENT, CHILD_1, DelegationAction.create, T0);
        delegate(AGENT, CHILD_1, DelegationAction.revoke, T0.plusSeconds(1));

        topology.sendLifecycle(command(LifecycleAction.KILL, AGENT, "alice", null, T0.plusSeconds(60)));

        assertThat(topology.moves()).extracting(AgentStatus::getState).containsExactly(BreakerState.KILLED);
        assertThat(topology.commandsWritten()).isEmpty();
        assertThat(topology.counter("vigil.breaker.transitions", "state", "KILLED")).isEqualTo(1);
    }

    @Test
    void onlyAPersonWithAJustificationResumes() {
        topology.register(profile(Map.of()));
        topology.sendLifecycle(command(LifecycleAction.HALT, AGENT, "alice", null, T0));
        topology.moves();

        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "bob", null, T0.plusSeconds(10)));
        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "bob", "  ", T0.plusSeconds(11)));
        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "vigil:cascade", "auto", T0.plusSeconds(12)));
        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "anonymous", "please", T0.plusSeconds(13)));
        assertThat(topology.moves()).isEmpty();
        assertThat(topology.counter("vigil.commands.refused", "action", "RESUME")).isEqualTo(4);

        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "bob", "false positive: new invoice job", T0.plusSeconds(20)));
        assertThat(topology.moves()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(BreakerState.MONITORING);
            assertThat(s.getReason()).isEqualTo("resumed by bob: false positive: new invoice job");
        });
    }

    @Test
    void aKilledAgentStaysKilled() {
        topology.register(profile(Map.of()));
        topology.sendLifecycle(command(LifecycleAction.KILL, AGENT, "alice", "compromised", T0));
        topology.moves();

        topology.sendLifecycle(command(LifecycleAction.RESUME, AGENT, "bob", "looks fine", T0.plusSeconds(10)));
        topology.sendLifecycle(command(LifecycleAction.HALT, AGENT, "bob", null, T0.plusSeconds(11)));
        escalate(T0.plusSeconds(12));

        assertThat(topology.moves()).isEmpty();
        assertThat(topology.counter("vigil.commands.refused", "action", "RESUME")).isEqualTo(1);
    }

    @Test
    void resolvingTheLastOpenAlertReturnsAWarnedAgentToMonitoring() {
        topology.register(profile(Map.of()));
        escalate(T0);
        Alert alert = topology.alerts().get(0);
        topology.moves();

        topology.sendLifecycle(Events.resolve("r1", AGENT, alert.getAlertId(), alert.getRuleId(), T0.plusSeconds(60)));

        assertThat(topology.moves()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(BreakerState.MONITORING);
            assertThat(s.getReason()).isEqualTo("every open alert resolved (last by alice)");
        });
    }

    @Test
    void theBreakerStateSurvivesARestart() {
        topology.register(profile(Map.of("breaker.auto-halt", "true")));
        escalate(T0);
        topology.moves();

        topology = topology.restart();
        escalate(T0.plusSeconds(60));
        topology.sendLifecycle(command(LifecycleAction.HALT, AGENT, "alice", null, T0.plusSeconds(61)));

        assertThat(topology.moves()).as("already halted: nothing moves").isEmpty();
    }

    /** 65 minutes at 2/min then 25 in one minute: a velocity_spike (high). */
    private void velocitySpike() {
        for (int m = 0; m < 65; m++) {
            for (int i = 0; i < 2; i++) {
                topology.send(Events.toolCall("v" + sequence++, AGENT, T0.plusSeconds(m * 60L + i * 30L)));
            }
        }
        for (int i = 0; i < 25; i++) {
            topology.send(Events.toolCall("v" + sequence++, AGENT, T0.plusSeconds(66 * 60L + i * 2L)));
        }
    }
}
