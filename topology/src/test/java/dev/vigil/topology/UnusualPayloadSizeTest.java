package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.payload.UnusualPayloadSizeDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * unusual_payload_size with the defaults: per tool and capability, a payload at least 30× the typical size, 5
 * deviations (at least 0.25 in log terms) out and 16,000 bytes, after 30 calls learned; medium at 100×. The learned
 * calls send 2,000-byte mails ({@code gmail}/{@code write}), one a minute.
 */
class UnusualPayloadSizeTest {

    private static final String AGENT = "did:web:agents.example.com:mailer";

    private TopologyHarness topology = new TopologyHarness(TopologyHarness.only("unusual_payload_size"));
    private int sequence;
    private int minute;

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of()));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesOnAPayloadFortyTimesTheTypicalSize() {
        learn(topology, 40);
        topology.send(mail(80_000));

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("unusual_payload_size");
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isEqualTo("T1567");
        assertThat(alert.getSeverity()).isEqualTo(Severity.low);
        assertThat(alert.getScore()).isEqualTo(17);
        assertThat(alert.getDescription()).isEqualTo(
                "payload of 80000 bytes to gmail/write, 40.0× its typical 2000 bytes (14.8 standard deviations out)");
        assertThat(alert.getObserved()).isEqualTo(Map.of("tool", "gmail/write", "payload_bytes", "80000", "ratio", "40.00",
                "z", "14.8"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("typical_payload_bytes", "2000", "calls", "40"));
        assertThat(alert.getWindowStart()).isEqualTo(alert.getWindowEnd()).isEqualTo(minuteAt(40));
        assertThat(alert.getSuggestedAction()).startsWith("Inspect the payload of this call to gmail/write");
    }

    @Test
    void isMediumAtAHundredTimesTheTypicalSize() {
        learn(topology, 40);
        topology.send(mail(200_000));

        Alert alert = alerts(topology).get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(40);
        assertThat(alert.getDescription()).contains("100× its typical 2000 bytes");
    }

    @Test
    void firesAtExactlyThirtyTimesTheTypicalSize() {
        learn(topology, 40);
        topology.send(mail(60_000));

        assertThat(alerts(topology)).extracting(Alert::getScore).containsExactly(10);
    }

    @Test
    void staysQuietOneByteUnderThirtyTimes() {
        learn(topology, 40);
        topology.send(mail(59_999));

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietUnderTheMinimumSizeWhateverTheRatio() {
        for (int i = 0; i < 40; i++) {
            topology.send(call("slack", Capability.write, 200));
        }
        topology.send(call("slack", Capability.write, 15_999));      // 80×, but under 16,000 bytes
        topology.send(call("slack", Capability.write, 16_000));

        assertThat(alerts(topology)).extracting(a -> a.getObserved().get("payload_bytes")).containsExactly("16000");
    }

    @Test
    void judgesEachToolAndCapabilityAgainstItsOwnSizes() {
        for (int i = 0; i < 40; i++) {
            topology.send(call("gmail", Capability.read, 600));
            topology.send(call("gmail", Capability.write, 50_000));
        }
        topology.send(call("gmail", Capability.write, 120_000));     // a large mail: 2.4× the usual mail
        topology.send(call("gmail", Capability.read, 120_000));      // a search request of that size: 200×

        assertThat(alerts(topology)).extracting(a -> a.getObserved().get("tool")).containsExactly("gmail/read");
    }

    @Test
    void aNoisyToolIsHeldToAWiderBand() {
        for (int i = 0; i < 40; i++) {
            topology.send(call("s3", Capability.write, i % 2 == 0 ? 1_000 : 20_000));   // log sd 1.5, typical 4.5 kB
        }
        topology.send(call("s3", Capability.write, 150_000));        // 33×, but 2.3 deviations

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietOnVariedNormalTraffic() {
        Random random = new Random(9);
        Object[][] keys = {{"gmail", Capability.read, 600.0}, {"gmail", Capability.write, 8_000.0},
            {"s3", Capability.write, 40_000.0}, {"jira", Capability.read, 600.0}};
        for (int i = 0; i < 3000; i++) {
            Object[] key = keys[random.nextInt(keys.length)];
            double sigma = (Capability) key[1] == Capability.read ? 0.6 : 0.8;
            long size = Math.round((double) key[2] * Math.exp(sigma * random.nextGaussian()));
            topology.send(call((String) key[0], (Capability) key[1], size));
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietBeforeThirtyCallsWereLearned() {
        learn(topology, 29);
        topology.send(mail(1_000_000));                              // 500×, but only 29 calls learned

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void neverLearnsAPayloadThatFired() {
        learn(topology, 40);
        topology.send(mail(80_000));
        Alert first = alerts(topology).get(0);
        topology.sendLifecycle(Events.resolve("l1", AGENT, first.getAlertId(), "unusual_payload_size", minuteAt(41)));
        topology.send(mail(80_000));

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getAlertId()).isNotEqualTo(first.getAlertId());
        assertThat(alerts.get(0).getBaseline()).isEqualTo(Map.of("typical_payload_bytes", "2000", "calls", "40"));
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("unusual_payload_size"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 40);
            calibrating.send(mail(80_000));

            List<Alert> alerts = alerts(calibrating);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(10);
        }
    }

    @Test
    void judgesALateCallLikeAnyOther() {
        learn(topology, 40);
        topology.send(UsageEvents.call("late", AGENT, minuteAt(10),
                UsageEvents.tool("gmail", "email.send", Capability.write).setPayloadBytes(80_000L).build()));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts(topology)).extracting(Alert::getRuleId).containsExactly("unusual_payload_size");
    }

    @Test
    void theBaselineSurvivesARestart() {
        learn(topology, 40);
        topology = topology.restart();
        topology.send(mail(80_000));

        assertThat(alerts(topology)).extracting(Alert::getBaseline)
                .containsExactly(Map.of("typical_payload_bytes", "2000", "calls", "40"));
    }

    @Test
    void anAgentsProfileCanRaiseTheRatio() {
        try (TopologyHarness lenient = new TopologyHarness(TopologyHarness.only("unusual_payload_size"))) {
            lenient.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of(UnusualPayloadSizeDetector.RATIO.localKey(), "50")).build());
            learn(lenient, 40);
            lenient.send(mail(80_000));

            assertThat(alerts(lenient)).isEmpty();
        }
    }

    @Test
    void keepsItsStateBoundedWhateverTheNumberOfTools() {
        for (int i = 0; i < 100; i++) {
            topology.send(call("tool-" + i, Capability.write, 2_000));
        }
        int after100 = UsageEvents.stateBytes(topology, AGENT);
        for (int i = 100; i < 1000; i++) {
            topology.send(call("tool-" + i, Capability.write, 2_000));
        }

        assertThat(UsageEvents.stateBytes(topology, AGENT)).isLessThanOrEqualTo(after100 + 16).isLessThan(1400);
    }

    /** {@code n} mails of 2,000 bytes. */
    private void learn(TopologyHarness target, int n) {
        for (int i = 0; i < n; i++) {
            target.send(mail(2_000));
        }
    }

    private AgentEvent mail(long payloadBytes) {
        return call("gmail", Capability.write, payloadBytes);
    }

    /** The next call, a minute after the previous one. */
    private AgentEvent call(String tool, Capability capability, long payloadBytes) {
        return UsageEvents.call("p" + sequence++, AGENT, minuteAt(minute++),
                UsageEvents.tool(tool, "act", capability).setPayloadBytes(payloadBytes).build());
    }

    private static Instant minuteAt(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** This rule's alerts (consumed); other rules may see the same traffic differently. */
    private static List<Alert> alerts(TopologyHarness target) {
        return UsageEvents.alertsOf(target, UnusualPayloadSizeDetector.RULE.id());
    }
}
