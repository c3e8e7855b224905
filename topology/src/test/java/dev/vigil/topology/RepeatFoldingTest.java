package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Repeats fold into the open alert; a more severe finding is re-emitted at once, under the same id. */
class RepeatFoldingTest {

    private static final String AGENT = "did:web:agents.example.com:ops";

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    private void call(Capability capability, Instant at) {
        topology.send(AgentEvent.newBuilder().setEventId("e" + sequence++).setTenantId(Events.TENANT).setAgentId(AGENT)
                .setOccurredAt(at).setOutcome(Outcome.success)
                .setPayload(ToolCallPayload.newBuilder().setTool("github").setCapability(capability).build()).build());
    }

    @Test
    void aMoreSevereRepeatIsEmittedAtOnceUnderTheSameId() {
        topology.register(Events.profile(AGENT, List.of()));
        call(Capability.read, T0);
        call(Capability.write, T0.plusSeconds(60));       // capability_escalation, low
        call(Capability.write, T0.plusSeconds(120));      // same level: folds, not emitted
        call(Capability.admin, T0.plusSeconds(180));      // high: emitted at once, within the hour

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.low, Severity.high);
        assertThat(alerts).extracting(Alert::getAlertId).containsOnly(alerts.get(0).getAlertId());
        assertThat(alerts.get(1).getOccurrences()).isEqualTo(3);
    }

    @Test
    void theEmittedLevelSurvivesARestart() {
        topology.register(Events.profile(AGENT, List.of()));
        call(Capability.read, T0);
        call(Capability.admin, T0.plusSeconds(60));       // high, emitted
        topology.alerts();

        topology = topology.restart();
        call(Capability.admin, T0.plusSeconds(120));      // same level within the hour: folds quietly

        assertThat(topology.alerts()).isEmpty();
    }
}
