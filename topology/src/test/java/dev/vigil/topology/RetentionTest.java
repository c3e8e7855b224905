package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.topology.alert.AlertIds;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Agent state has an explicit retention (8 days idle, in event time), enforced by a stream-time punctuator. */
class RetentionTest {

    private static final String IDLE = "did:web:agents.example.com:idle";
    private static final String BUSY = "did:web:agents.example.com:busy";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void stateOfAnAgentIdleLongerThanTheRetentionIsEvictedInStreamTime() {
        topology.send(Events.toolCall("i1", IDLE, T0));
        topology.send(Events.toolCall("b1", BUSY, T0.plus(Duration.ofDays(8)).plus(Duration.ofHours(2))));

        assertThat(topology.stateStore().get(IDLE)).isNull();
        assertThat(topology.stateStore().get(BUSY)).isNotNull();
    }

    @Test
    void stateWithinTheRetentionIsKept() {
        topology.send(Events.toolCall("i1", IDLE, T0));
        topology.send(Events.toolCall("b1", BUSY, T0.plus(Duration.ofDays(7))));

        assertThat(topology.stateStore().get(IDLE)).isNotNull();
    }

    @Test
    void wallClockTimeEvictsNothing() {
        topology.send(Events.toolCall("i1", IDLE, T0));

        topology.driver.advanceWallClockTime(Duration.ofDays(30));

        assertThat(topology.stateStore().get(IDLE)).isNotNull();
    }

    @Test
    void anEvictedAgentWithAnOpenAlertGetsANewAlertWhenItReturns() {
        topology.send(Events.toolCall("i1", IDLE, T0));
        topology.send(Events.toolCall("b1", BUSY, T0.plus(Duration.ofDays(9))));
        topology.alerts();

        topology.send(Events.toolCall("i2", IDLE, T0.plus(Duration.ofDays(9)).plusSeconds(1)));

        assertThat(topology.alerts()).extracting(Alert::getAlertId).containsExactly(AlertIds.of(IDLE, "unknown_agent", "i2"));
    }
}
