package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN.md: a replay of the same input gives the same alerts, byte for byte (no clock, no randomness). */
class DeterminismTest {

    private static final String REGISTERED = "did:web:agents.example.com:billing-bot";
    private static final String GHOST = "did:web:agents.example.com:ghost";

    @Test
    void theSameInputInTwoFreshTopologiesGivesByteIdenticalAlerts() {
        List<byte[]> first = run();
        List<byte[]> second = run();

        assertThat(first).hasSizeGreaterThanOrEqualTo(4);
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("alert %d", i).isEqualTo(first.get(i));
        }
    }

    private static List<byte[]> run() {
        try (TopologyHarness topology = new TopologyHarness()) {
            topology.register(Events.profile(REGISTERED, List.of("repo:read")));
            int n = 0;
            for (int minute = 0; minute < 65; minute++) {
                topology.send(Events.toolCall("steady-" + n++, REGISTERED, T0.plus(Duration.ofMinutes(minute))));
            }
            for (int i = 0; i < 30; i++) {
                topology.send(Events.toolCall("burst-" + n++, REGISTERED, T0.plus(Duration.ofMinutes(66)).plusSeconds(i)));
            }
            topology.send(Events.authorization("auth-1", REGISTERED, T0.plus(Duration.ofMinutes(67)), List.of("admin:org")));
            topology.send(Events.toolCall("ghost-1", GHOST, T0.plus(Duration.ofMinutes(1))));
            topology.send(Events.toolCall("ghost-2", GHOST, T0.plus(Duration.ofMinutes(90))));
            List<byte[]> bytes = new ArrayList<>(topology.alertBytes());
            AlertLifecycleEvent resolve = Events.resolve("l1", GHOST, null, "unknown_agent", T0.plus(Duration.ofMinutes(91)));
            topology.sendLifecycle(resolve);
            topology.send(Events.toolCall("ghost-3", GHOST, T0.plus(Duration.ofMinutes(92))));
            bytes.addAll(topology.alertBytes());
            return bytes;
        }
    }
}
