package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status records that announce an agent and its calibration on vigil.agent-status.v1: a first-seen record, the
 * calibration window on every record, a record when a person ends calibration, and halted agents kept past the
 * state retention so their status is never overwritten by a forgetful breaker.
 */
class AgentStatusCalibrationTest {

    private static final String AGENT = "did:web:agents.example.com:status";
    private static final String OTHER = "did:web:agents.example.com:other";

    private TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    private AlertLifecycleEvent command(LifecycleAction action, String actor, String note, java.time.Instant at) {
        return AlertLifecycleEvent.newBuilder().setEventId("c-" + action + at.toEpochMilli()).setAction(action)
                .setTenantId(Events.TENANT).setAgentId(AGENT).setActor(actor).setNote(note).setOccurredAt(at).build();
    }

    @Test
    void aNewAgentIsAnnouncedOnceWithItsCalibrationWindow() {
        topology.register(Events.calibratingProfile(AGENT, 3));
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.send(Events.toolCall("e2", AGENT, T0.plusSeconds(30)));

        assertThat(topology.statuses()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(BreakerState.MONITORING);
            assertThat(s.getReason()).isEqualTo("first seen");
            assertThat(s.getActor()).isEqualTo("vigil");
            assertThat(s.getTenantId()).isEqualTo(Events.TENANT);
            assertThat(s.getSince()).isEqualTo(T0);
            assertThat(s.getFirstEventAt()).isEqualTo(T0);
            assertThat(s.getCalibrationEndsAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
            assertThat(s.getCalibrationEnded()).isFalse();
        });
    }

    @Test
    void anAgentWithoutAProfileCalibratesForTheDefaultSevenDaysAndOneWithZeroDaysHasNoWindow() {
        topology.register(Events.profile(OTHER, List.of()));
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.send(Events.toolCall("o1", OTHER, T0));

        List<AgentStatus> statuses = topology.statuses().stream().filter(s -> s.getReason().equals("first seen")).toList();
        assertThat(statuses).extracting(AgentStatus::getAgentId).containsExactly(AGENT, OTHER);
        assertThat(statuses.get(0).getCalibrationEndsAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(statuses.get(1).getCalibrationEndsAt()).isNull();
        assertThat(statuses.get(1).getFirstEventAt()).isEqualTo(T0);
    }

    @Test
    void markingAnAgentCalibratedWritesItsStatusWithTheWindowClosedAndTheStateUnchanged() {
        topology.register(Events.calibratingProfile(AGENT, 7));
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.statuses();

        topology.sendLifecycle(command(LifecycleAction.MARK_CALIBRATED, "alice", "baseline reviewed", T0.plusSeconds(60)));
        topology.sendLifecycle(command(LifecycleAction.MARK_CALIBRATED, "alice", "again", T0.plusSeconds(61)));

        assertThat(topology.statuses()).as("once: the second changes nothing").singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(BreakerState.MONITORING);
            assertThat(s.getReason()).isEqualTo("calibration ended by alice: baseline reviewed");
            assertThat(s.getActor()).isEqualTo("alice");
            assertThat(s.getFirstEventAt()).isEqualTo(T0);
            assertThat(s.getCalibrationEndsAt()).isNull();
            assertThat(s.getCalibrationEnded()).isTrue();
        });
    }

    @Test
    void aBreakerMoveCarriesTheCalibrationToo() {
        topology.register(Events.calibratingProfile(AGENT, 2));
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.statuses();

        topology.sendLifecycle(command(LifecycleAction.HALT, "alice", "investigating", T0.plusSeconds(60)));

        assertThat(topology.statuses()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(BreakerState.HALTED);
            assertThat(s.getFirstEventAt()).isEqualTo(T0);
            assertThat(s.getCalibrationEndsAt()).isEqualTo(T0.plus(Duration.ofDays(2)));
        });
    }

    @Test
    void aHaltedAgentIsNotForgottenByTheStateRetentionSoItIsNotAnnouncedAsMonitoringAgain() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.send(Events.toolCall("i1", OTHER, T0));
        topology.sendLifecycle(command(LifecycleAction.HALT, "alice", "investigating", T0.plusSeconds(60)));
        topology.statuses();

        topology.send(Events.toolCall("o2", OTHER, T0.plus(Duration.ofDays(9))));
        topology.send(Events.toolCall("o3", OTHER, T0.plus(Duration.ofDays(9)).plusSeconds(1)));
        assertThat(topology.stateStore().get(AGENT)).as("halted: kept").isNotNull();

        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofDays(9)).plusSeconds(2)));
        assertThat(topology.statuses()).as("no first-seen MONITORING over the HALTED status").isEmpty();
        assertThat(topology.stateStore().get(AGENT).breaker()).isEqualTo(BreakerState.HALTED);
    }
}
