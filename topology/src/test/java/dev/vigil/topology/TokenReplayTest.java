package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.detect.tokenreplay.TokenReplayDetector;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import dev.vigil.topology.state.OpenAlert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenReplayTest {

    private static final String AGENT = "did:web:agents.example.com:billing-bot";
    private static final String IP_A = "203.0.113.7";
    private static final String IP_B = "198.51.100.9";
    private static final String IP_C = "192.0.2.44";

    private final TopologyHarness topology = new TopologyHarness();

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of()));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesWhenOneTokenIsUsedFromTwoAddressesWithinTheWindow() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.toolCallWithToken("e2", AGENT, T0.plus(Duration.ofSeconds(210)), "jti-1", IP_B));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("token_replay");
        assertThat(alert.getSeverity()).isEqualTo(Severity.critical);
        assertThat(alert.getScore()).isEqualTo(100);
        assertThat(alert.getCategory()).isEqualTo("identity");
        assertThat(alert.getAttack()).isEqualTo("T1550");
        assertThat(alert.getDescription()).isEqualTo("token jti-1 used from 2 addresses (203.0.113.7, 198.51.100.9) within 4 min");
        assertThat(alert.getObserved()).isEqualTo(Map.of("addresses", "2", "span_seconds", "210"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("min_addresses", "2", "window_seconds", "600"));
        assertThat(alert.getSuggestedAction()).startsWith("Revoke token jti-1 and its grant grant-7;");
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(T0.plus(Duration.ofSeconds(210)));
    }

    @Test
    void firesAtExactlyTheEndOfTheWindow() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", AGENT, T0.plus(Duration.ofMinutes(10)), "jti-1", IP_B));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("token_replay");
    }

    @Test
    void staysQuietWhileTheTokenComesFromOneAddress() {
        for (int i = 0; i < 10; i++) {
            topology.send(Events.tokenUse("e" + i, AGENT, T0.plusSeconds(i * 30L), "jti-1", IP_A));
        }

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietWhenTheSecondAddressComesAfterTheWindow() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", AGENT, T0.plus(Duration.ofMinutes(10)).plusMillis(1), "jti-1", IP_B));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietForADifferentTokenFromAnotherAddress() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", AGENT, T0.plusSeconds(30), "jti-2", IP_B));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void ignoresEventsWithoutAddressOrToken() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", AGENT, T0.plusSeconds(10), "jti-1", null));
        topology.send(Events.tokenUse("e3", AGENT, T0.plusSeconds(20), null, IP_B));
        topology.send(Events.toolCall("e4", AGENT, T0.plusSeconds(30)));

        assertThat(topology.alerts()).isEmpty();
        assertThat(topology.stateStore().get(AGENT).recentTokens().tokens()).hasSize(1);
    }

    @Test
    void repeatsFoldIntoTheOpenAlert() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", AGENT, T0.plusSeconds(60), "jti-1", IP_B));
        topology.send(Events.tokenUse("e3", AGENT, T0.plusSeconds(120), "jti-1", IP_C));
        topology.send(Events.tokenUse("e4", AGENT, T0.plusSeconds(180), "jti-1", IP_A));

        List<Alert> alerts = tokenReplays(topology.alerts());   // grant-7 from three addresses: concurrent_sessions too
        assertThat(alerts).hasSize(1);
        OpenAlert open = topology.stateStore().get(AGENT).openAlert("token_replay").orElseThrow();
        assertThat(open.alertId()).isEqualTo(alerts.get(0).getAlertId());
        assertThat(open.occurrences()).isEqualTo(3);
        assertThat(open.evidence().eventIds()).containsExactly("e2", "e3", "e4");
    }

    @Test
    void aLateUseBeyondTheGraceIsStillCheckedAgainstTheRememberedUses() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofMinutes(20))));
        topology.send(Events.tokenUse("late", AGENT, T0.plus(Duration.ofMinutes(3)), "jti-1", IP_B));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("token_replay");
    }

    @Test
    void aLateUseOutsideTheWindowOfTheOtherUsesStaysQuiet() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        topology.send(Events.toolCall("e2", AGENT, T0.plus(Duration.ofMinutes(40))));
        topology.send(Events.tokenUse("late", AGENT, T0.plus(Duration.ofMinutes(15)), "jti-1", IP_B));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void aTokenUsedMoreThanThirtyTwoTokensAgoIsForgotten() {
        topology.send(Events.tokenUse("e0", AGENT, T0, "jti-old", IP_A));
        for (int i = 1; i <= 32; i++) {
            topology.send(Events.tokenUse("e" + i, AGENT, T0.plusSeconds(i), "jti-" + i, IP_A));
        }
        topology.send(Events.tokenUse("replay", AGENT, T0.plusSeconds(60), "jti-old", IP_B));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void aTokenUsedThirtyOneTokensAgoIsStillRemembered() {
        topology.send(Events.tokenUse("e0", AGENT, T0, "jti-old", IP_A));
        for (int i = 1; i <= 31; i++) {
            topology.send(Events.tokenUse("e" + i, AGENT, T0.plusSeconds(i), "jti-" + i, IP_A));
        }
        topology.send(Events.tokenUse("replay", AGENT, T0.plusSeconds(60), "jti-old", IP_B));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("token_replay");
    }

    @Test
    void honoursTheConfiguredMinimumOfAddresses() {
        DetectionSettings three = DetectionSettings.defaults().with(TokenReplayDetector.MIN_ADDRESSES, 3);
        try (TopologyHarness strict = new TopologyHarness(three)) {
            strict.register(Events.profile(AGENT, List.of()));
            strict.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
            strict.send(Events.tokenUse("e2", AGENT, T0.plusSeconds(60), "jti-1", IP_B));
            assertThat(strict.alerts()).isEmpty();

            strict.send(Events.tokenUse("e3", AGENT, T0.plusSeconds(120), "jti-1", IP_C));
            assertThat(tokenReplays(strict.alerts())).extracting(Alert::getDescription)
                    .containsExactly("token jti-1 used from 3 addresses (203.0.113.7, 198.51.100.9, 192.0.2.44) within 2 min");
        }
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        topology.send(Events.tokenUse("e1", "did:web:other", T0, "jti-1", IP_A));
        topology.send(Events.tokenUse("e2", "did:web:other", T0.plusSeconds(5), "jti-1", IP_B));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
    }

    /**
     * The test driver wipes its state directory on close, so a restart is played as Streams restores a task: the
     * store's bytes (what the changelog holds) are carried into a fresh driver.
     */
    @Test
    void rememberedUsesSurviveARestart() {
        topology.send(Events.tokenUse("e1", AGENT, T0, "jti-1", IP_A));
        List<KeyValue<String, byte[]>> changelog = storeBytes(topology);

        try (TopologyHarness restarted = new TopologyHarness()) {
            restarted.register(Events.profile(AGENT, List.of()));
            AgentStateSerde serde = new AgentStateSerde();
            changelog.forEach(entry -> restarted.stateStore().put(entry.key, serde.deserialize("changelog", entry.value)));

            restarted.send(Events.tokenUse("e2", AGENT, T0.plusSeconds(90), "jti-1", IP_B));

            assertThat(restarted.alerts()).extracting(Alert::getDescription)
                    .containsExactly("token jti-1 used from 2 addresses (203.0.113.7, 198.51.100.9) within 2 min");
        }
    }

    /** The token_replay alerts among {@code alerts} (a grant used from three addresses is concurrent_sessions' too). */
    private static List<Alert> tokenReplays(List<Alert> alerts) {
        return alerts.stream().filter(alert -> alert.getRuleId().equals("token_replay")).toList();
    }

    private static List<KeyValue<String, byte[]>> storeBytes(TopologyHarness harness) {
        AgentStateSerde serde = new AgentStateSerde();
        try (KeyValueIterator<String, AgentState> all = harness.stateStore().all()) {
            List<KeyValue<String, byte[]>> entries = new java.util.ArrayList<>();
            all.forEachRemaining(kv -> entries.add(KeyValue.pair(kv.key, serde.serialize("changelog", kv.value))));
            return entries;
        }
    }
}
