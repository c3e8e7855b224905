package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events later than the grace (5 min) are counted, still checked by rule detectors, kept out of windowed counts. */
class LateEventTest {

    private static final String AGENT = "did:web:agents.example.com:crawler";

    private final TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of("repo:read")));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void lateEventIsCountedAndStillCheckedByRuleDetectors() {
        topology.send(Events.toolCall("now", AGENT, T0.plus(Duration.ofHours(1))));
        topology.send(Events.authorization("late", AGENT, T0, List.of("admin:org")));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("scope_escalation");
    }

    @Test
    void eventsLaterThanTheGraceStayOutOfTheVelocityWindow() {
        steadyHistory();
        send(1, 70);
        send(40, 62);                     // 8 minutes behind the newest: counted in 58..62 they would be a spike

        assertThat(topology.counter("vigil.events.late")).isEqualTo(40);
        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void outOfOrderEventsWithinTheGraceCountInTheirMinute() {
        steadyHistory();
        send(1, 70);
        send(40, 67);                     // 3 minutes behind: window 63..67 holds 4 + 40 > 30

        assertThat(topology.counter("vigil.events.late")).isZero();
        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("velocity_spike");
    }

    /** 2 events per minute in minutes 0..64: a baseline of 10 per 5 minutes. */
    private void steadyHistory() {
        for (int minute = 0; minute < 65; minute++) {
            send(2, minute);
        }
    }

    private void send(int count, int minute) {
        for (int i = 0; i < count; i++) {
            Instant at = T0.plus(Duration.ofMinutes(minute)).plusMillis(i * 1000L);
            topology.send(Events.toolCall("l" + sequence++, AGENT, at));
        }
    }
}
