package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.detect.sessions.ConcurrentSessionsDetector;
import dev.vigil.topology.state.RecentTokens;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** concurrent_sessions with the defaults: one grant from at least 3 addresses within 15 min, high. */
class ConcurrentSessionsTest {

    private static final String AGENT = "did:web:agents.example.com:support-bot";
    private static final String RULE = "concurrent_sessions";
    private static final String IP_A = "203.0.113.7";
    private static final String IP_B = "198.51.100.9";
    private static final String IP_C = "192.0.2.44";
    private static final String IP_D = "192.0.2.45";

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
    void firesWhenOneGrantIsUsedFromThreeAddressesWithinFifteenMinutes() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(toolCall(T0.plus(Duration.ofMinutes(4)), "grant-1", IP_B));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(10)), "grant-1", IP_C));

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo(RULE);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isEqualTo(89);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("identity");
        assertThat(alert.getAttack()).isEqualTo("T1078");
        assertThat(alert.getDescription())
                .isEqualTo("grant grant-1 used from 3 addresses (203.0.113.7, 198.51.100.9, 192.0.2.44) within 10 min");
        assertThat(alert.getObserved()).isEqualTo(Map.of("addresses", "3", "span_seconds", "600"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("min_addresses", "3", "window_seconds", "900"));
        assertThat(alert.getSuggestedAction()).startsWith("Revoke grant grant-1 and end its sessions;");
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void staysQuietWhileTheGrantComesFromTwoAddresses() {
        for (int i = 0; i < 20; i++) {
            topology.send(grantUse(T0.plusSeconds(i * 20L), "grant-1", i % 2 == 0 ? IP_A : IP_B));
        }

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void firesWhenTheThirdAddressComesExactlyFifteenMinutesAfterTheFirst() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(7)), "grant-1", IP_B));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(15)), "grant-1", IP_C));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly(RULE);
    }

    @Test
    void staysQuietWhenTheThirdAddressComesJustAfterTheWindow() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(7)), "grant-1", IP_B));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(15)).plusMillis(1), "grant-1", IP_C));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietWhenEachAddressWorksUnderItsOwnGrant() {
        for (int i = 0; i < 30; i++) {
            String ip = List.of(IP_A, IP_B, IP_C, IP_D).get(i % 4);
            topology.send(toolCall(T0.plusSeconds(i * 30L), "grant-" + ip, ip));
        }

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void ignoresEventsWithoutAGrantOrAnAddress() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plusSeconds(10), "grant-1", null));
        topology.send(grantUse(T0.plusSeconds(20), null, IP_B));
        topology.send(toolCall(T0.plusSeconds(30), "grant-1", IP_C));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void firesAtFullStrengthWhileTheAgentCalibrates() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            calibrating.send(grantUse(T0, "grant-1", IP_A));
            calibrating.send(grantUse(T0.plusSeconds(60), "grant-1", IP_B));
            calibrating.send(grantUse(T0.plusSeconds(120), "grant-1", IP_C));

            List<Alert> alerts = calibrating.alerts();
            assertThat(alerts).extracting(Alert::getRuleId).containsExactly(RULE);
            assertThat(alerts.get(0).getCalibrating()).isFalse();
            assertThat(alerts.get(0).getScore()).isEqualTo(89);
        }
    }

    @Test
    void aLateUseBeyondTheGraceIsJudgedAgainstTheRememberedUses() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(2)), "grant-1", IP_B));
        topology.send(Events.toolCall("newest", AGENT, T0.plus(Duration.ofMinutes(20))));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(5)), "grant-1", IP_C));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .containsExactly("grant grant-1 used from 3 addresses (203.0.113.7, 198.51.100.9, 192.0.2.44) within 5 min");
    }

    @Test
    void aLateUseOutsideTheWindowOfTheOtherUsesStaysQuiet() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(30)), "grant-1", IP_B));
        topology.send(grantUse(T0.plus(Duration.ofMinutes(14)), "grant-1", IP_C));   // 16 min behind: late

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void rememberedUsesSurviveARestart() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plusSeconds(60), "grant-1", IP_B));
        try (TopologyHarness restarted = topology.restart()) {
            restarted.send(grantUse(T0.plusSeconds(120), "grant-1", IP_C));

            assertThat(restarted.alerts()).extracting(Alert::getDescription)
                    .containsExactly("grant grant-1 used from 3 addresses (203.0.113.7, 198.51.100.9, 192.0.2.44) within 2 min");
        }
    }

    @Test
    void anAgentsProfileCanAskForMoreAddresses() {
        try (TopologyHarness strict = new TopologyHarness()) {
            strict.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of("concurrent_sessions.min-addresses", "4")).build());
            strict.send(grantUse(T0, "grant-1", IP_A));
            strict.send(grantUse(T0.plusSeconds(60), "grant-1", IP_B));
            strict.send(grantUse(T0.plusSeconds(120), "grant-1", IP_C));
            assertThat(strict.alerts()).isEmpty();

            strict.send(grantUse(T0.plusSeconds(180), "grant-1", IP_D));
            assertThat(strict.alerts()).extracting(Alert::getBaseline)
                    .containsExactly(Map.of("min_addresses", "4", "window_seconds", "900"));
        }
    }

    @Test
    void aDeploymentCanShortenTheWindow() {
        DetectionSettings short5 = DetectionSettings.defaults().with(ConcurrentSessionsDetector.WINDOW, Duration.ofMinutes(5));
        try (TopologyHarness tight = new TopologyHarness(short5)) {
            tight.register(Events.profile(AGENT, List.of()));
            tight.send(grantUse(T0, "grant-1", IP_A));
            tight.send(grantUse(T0.plus(Duration.ofMinutes(3)), "grant-1", IP_B));
            tight.send(grantUse(T0.plus(Duration.ofMinutes(6)), "grant-1", IP_C));

            assertThat(tight.alerts()).isEmpty();
        }
    }

    @Test
    void repeatsFoldIntoTheOpenAlert() {
        topology.send(grantUse(T0, "grant-1", IP_A));
        topology.send(grantUse(T0.plusSeconds(60), "grant-1", IP_B));
        topology.send(grantUse(T0.plusSeconds(120), "grant-1", IP_C));
        topology.send(grantUse(T0.plusSeconds(180), "grant-1", IP_D));

        assertThat(topology.alerts()).hasSize(1);
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(2);
    }

    @Test
    void aGrantUsedMoreThanThirtyTwoGrantsAgoIsForgotten() {
        topology.send(grantUse(T0, "grant-old", IP_A));
        topology.send(grantUse(T0.plusSeconds(1), "grant-old", IP_B));
        for (int i = 1; i <= 32; i++) {
            topology.send(grantUse(T0.plusSeconds(1 + i), "grant-" + i, IP_A));
        }
        topology.send(grantUse(T0.plusSeconds(60), "grant-old", IP_C));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void leavesAnAgentWithoutProfileToUnknownAgent() {
        topology.send(grantUse("did:web:other", T0, "grant-1", IP_A));
        topology.send(grantUse("did:web:other", T0.plusSeconds(5), "grant-1", IP_B));
        topology.send(grantUse("did:web:other", T0.plusSeconds(9), "grant-1", IP_C));

        assertThat(topology.alerts()).extracting(Alert::getRuleId).containsExactly("unknown_agent");
    }

    @Test
    void thirtyTwoGrantsFromFiveAddressesEachStayUnderFourKilobytes() {
        AgentState state = AgentState.firstSeenAt(T0.toEpochMilli());
        RecentTokens grants = state.section(ConcurrentSessionsDetector.SECTION);
        for (int i = 0; i < 1000; i++) {
            long time = T0.toEpochMilli() + i * 1000L;
            for (int a = 0; a < 5; a++) {
                grants.use("grant-" + i, "203.0.113." + (100 + a), time, Duration.ofMinutes(15).toMillis());
            }
        }
        byte[] bytes = new AgentStateSerde().serialize("t", state);

        assertThat(grants.tokens()).hasSize(RecentTokens.MAX_TOKENS);
        assertThat(bytes).hasSizeLessThan(4096);
    }

    @Test
    void hostileGrantsAndAddressesStayUnderSixteenKilobytes() {
        AgentState state = AgentState.firstSeenAt(T0.toEpochMilli());
        RecentTokens grants = state.section(ConcurrentSessionsDetector.SECTION);
        for (int i = 0; i < 100; i++) {
            for (int a = 0; a < 10; a++) {
                grants.use("g".repeat(5_000) + i, "a".repeat(10_000) + a, T0.toEpochMilli() + i, Duration.ofDays(1).toMillis());
            }
        }
        AgentStateSerde serde = new AgentStateSerde();
        byte[] bytes = serde.serialize("t", state);

        assertThat(bytes).hasSizeLessThan(16 * 1024);
        assertThat(serde.deserialize("t", bytes).section(ConcurrentSessionsDetector.SECTION).tokens()).hasSize(RecentTokens.MAX_TOKENS);
    }

    private AgentEvent grantUse(Instant at, String grant, String ip) {
        return grantUse(AGENT, at, grant, ip);
    }

    private AgentEvent grantUse(String agent, Instant at, String grant, String ip) {
        return envelope(agent, at, ip).setPayload(AuthorizationPayload.newBuilder()
                .setAction(AuthorizationAction.authorize).setGrantId(grant).build()).build();
    }

    private AgentEvent toolCall(Instant at, String grant, String ip) {
        return envelope(AGENT, at, ip).setPayload(ToolCallPayload.newBuilder()
                .setTool("jira").setCapability(Capability.read).setGrantId(grant).build()).build();
    }

    private AgentEvent.Builder envelope(String agent, Instant at, String ip) {
        return AgentEvent.newBuilder().setEventId("s" + sequence++).setTenantId(Events.TENANT).setAgentId(agent)
                .setOccurredAt(at).setSourceIp(ip).setOutcome(Outcome.success);
    }
}
