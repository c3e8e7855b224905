package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.topology.alert.AlertIds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** People's decisions on vigil.alert-events.v1 reach detection: a resolved alert is closed, the next is new. */
class FeedbackTest {

    private static final String AGENT = "did:web:agents.example.com:ghost";
    private static final String RULE = "unknown_agent";

    private final TopologyHarness topology = new TopologyHarness();

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void resolveClosesTheOpenAlertSoTheNextFindingOpensANewOne() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        String first = topology.alerts().get(0).getAlertId();

        topology.sendLifecycle(Events.resolve("l1", AGENT, first, RULE, T0.plusSeconds(60)));
        topology.send(Events.toolCall("e2", AGENT, T0.plusSeconds(120)));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getAlertId()).isNotEqualTo(first).isEqualTo(AlertIds.of(AGENT, RULE, "e2"));
        assertThat(alerts.get(0).getOccurrences()).isEqualTo(1);
        assertThat(alerts.get(0).getFirstSeen()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void resolveByRuleClosesTheOpenAlertWhenNoAlertIdIsGiven() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.alerts();

        topology.sendLifecycle(Events.resolve("l1", AGENT, null, RULE, T0.plusSeconds(60)));
        topology.send(Events.toolCall("e2", AGENT, T0.plusSeconds(120)));

        assertThat(topology.alerts()).extracting(Alert::getAlertId).containsExactly(AlertIds.of(AGENT, RULE, "e2"));
    }

    @Test
    void resolveOfAnOlderAlertLeavesTheCurrentOneOpen() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        topology.alerts();

        topology.sendLifecycle(Events.resolve("l1", AGENT, "0123456789abcdef0123456789abcdef", RULE, T0.plusSeconds(60)));
        topology.send(Events.toolCall("e2", AGENT, T0.plusSeconds(120)));

        assertThat(topology.alerts()).as("e2 folds into the still open alert, inside the repeat interval").isEmpty();
    }

    @Test
    void acknowledgeDoesNotCloseTheAlert() {
        topology.send(Events.toolCall("e1", AGENT, T0));
        String first = topology.alerts().get(0).getAlertId();

        AlertLifecycleEvent ack = Events.resolve("l1", AGENT, first, RULE, T0.plusSeconds(60));
        ack.setAction(LifecycleAction.ACKNOWLEDGE);
        topology.sendLifecycle(ack);
        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofHours(1))));

        assertThat(topology.alerts()).extracting(Alert::getAlertId, Alert::getOccurrences).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first, 2L));
    }
}
