package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only records whose key is not their agentId pay for the repartition; all of them reach their agent's state. */
class RekeyTest {

    private static final String AGENT = "did:web:agents.example.com:ghost";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void rightlyKeyedEventsCauseNoRepartitionTraffic() {
        topology.send(AGENT, Events.toolCall("e1", AGENT, T0));
        topology.send(AGENT, Events.toolCall("e2", AGENT, T0.plusSeconds(1)));

        assertThat(topology.repartitioned()).isEmpty();
        assertThat(topology.alerts()).hasSize(1);
    }

    @Test
    void nullKeyedEventIsReKeyedByAgentAndDetected() {
        topology.send(null, Events.toolCall("e1", AGENT, T0));

        List<TestRecord<byte[], byte[]>> repartitioned = topology.repartitioned();
        assertThat(repartitioned).hasSize(1);
        assertThat(new String(repartitioned.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(AGENT);
        List<TestRecord<String, Alert>> alerts = topology.alertRecords();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).key()).isEqualTo(AGENT);
        assertThat(alerts.get(0).value().getEvidence().getTopic())
                .as("evidence points at the events topic, not the repartition topic").isEqualTo("vigil.events.v1");
        assertThat(alerts.get(0).value().getEvidence().getFirstOffset()).isZero();
    }

    @Test
    void wronglyKeyedEventsAreReKeyedAndFoldedWithRightlyKeyedOnes() {
        topology.send(AGENT, Events.toolCall("e1", AGENT, T0));
        topology.send("tenant-1", Events.toolCall("e2", AGENT, T0.plusSeconds(60)));
        topology.send(AGENT, Events.toolCall("e3", AGENT, T0.plusSeconds(3600)));

        assertThat(topology.repartitioned()).hasSize(1);
        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getAlertId).containsOnly(alerts.get(0).getAlertId());
        Alert last = alerts.get(alerts.size() - 1);
        assertThat(last.getOccurrences()).as("the re-keyed event met the same agent state").isEqualTo(3);
        assertThat(last.getEvidence().getEventIds()).containsExactly("e1", "e2", "e3");
        assertThat(last.getEvidence().getLastOffset()).isEqualTo(2);
    }
}
