package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.latency.LatencySpikeDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * latency_spike with the defaults: three of the last ten calls of one tool action slow, each at least 3× its
 * typical latency, 500 ms and 4 deviations (at least 0.25 in log terms) out, after 30 calls learned; medium when
 * the fastest slow call is 10× typical. The learned calls of {@code github repo.get_file} take 200 ms each, one a minute.
 */
class LatencySpikeTest {

    private static final String AGENT = "did:web:agents.example.com:reviewer";

    private TopologyHarness topology = new TopologyHarness(TopologyHarness.only("latency_spike"));
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
    void firesOnThreeSlowCalls() {
        learn(topology, 40);
        github(topology, 1000, 1000, 1000);

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("latency_spike");
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isNull();
        assertThat(alert.getSeverity()).isEqualTo(Severity.low);
        assertThat(alert.getScore()).isBetween(10, 39);
        assertThat(alert.getDescription())
                .isEqualTo("3 of the last 10 calls to github repo.get_file took 1000 ms or more, 5.0× its typical 200 ms for this agent");
        assertThat(alert.getObserved()).isEqualTo(Map.of("tool", "github repo.get_file", "slow_calls", "3",
                "within_calls", "10", "min_latency_ms", "1000", "latency_ms", "1000", "ratio", "5.00"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("typical_latency_ms", "200", "calls", "40"));
        assertThat(alert.getWindowStart()).isEqualTo(minuteAt(40));
        assertThat(alert.getWindowEnd()).isEqualTo(minuteAt(42));
        assertThat(alert.getSuggestedAction()).startsWith("Check github's backend");
    }

    @Test
    void isMediumWhenEvenTheFastestSlowCallIsTenTimesTypical() {
        learn(topology, 40);
        github(topology, 5000, 2000, 3000);

        Alert alert = alerts(topology).get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(40);
        assertThat(alert.getObserved()).containsEntry("min_latency_ms", "2000").containsEntry("latency_ms", "3000");
    }

    @Test
    void firesAtExactlyThreeTimesTheTypicalLatency() {
        learn(topology, 40);
        github(topology, 600, 600, 600);                 // 3× and ln 3 / 0.25 = 4.4 deviations

        assertThat(alerts(topology)).extracting(Alert::getScore).containsExactly(10);
    }

    @Test
    void staysQuietOneMillisecondUnderThreeTimes() {
        learn(topology, 40);
        github(topology, 600, 599, 600);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietForTimeoutsTenCallsApart() {
        learn(topology, 40);
        github(topology, 60_000, 200, 200, 200, 200, 200, 200, 200, 200, 200, 30_000, 200, 200, 200, 200, 200, 200, 200,
                200, 200, 30_000);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void fastCallsInBetweenDoNotHideSlowOnes() {
        learn(topology, 40);
        github(topology, 1500, 200, 200, 1500, 200, 200, 200, 200, 200, 1500);   // three within ten calls

        assertThat(alerts(topology)).extracting(a -> a.getObserved().get("slow_calls")).containsExactly("3");
    }

    @Test
    void countsSlowCallsPerToolActionAcrossOtherToolsCalls() {
        learn(topology, 40);
        for (int i = 0; i < 40; i++) {
            topology.send(call("slack", "chat.post_message", 300));
        }
        github(topology, 1500);
        for (int i = 0; i < 12; i++) {
            topology.send(call("slack", "chat.post_message", 300));
        }
        github(topology, 1500, 1500);

        assertThat(alerts(topology)).extracting(Alert::getDescription).containsExactly("3 of the last 10 calls to github "
                + "repo.get_file took 1500 ms or more, 7.5× its typical 200 ms for this agent");
    }

    @Test
    void staysQuietOnVariedNormalTraffic() {
        Random random = new Random(5);
        String[][] actions = {{"github", "repo.get_file"}, {"github", "repo.create_pull_request"}, {"jira", "tickets.search"}};
        double[] medians = {120, 900, 350};
        for (int i = 0; i < 3000; i++) {
            int a = random.nextInt(actions.length);
            long latency = Math.round(medians[a] * Math.exp(0.5 * random.nextGaussian()));
            topology.send(call(actions[a][0], actions[a][1], latency));
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietBeforeThirtyCallsOfTheToolWereLearned() {
        learn(topology, 29);
        github(topology, 5000, 5000, 5000);              // the first is learned unjudged (the 30th): a run of two

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void aNoisyToolIsHeldToAWiderBand() {
        for (int i = 0; i < 60; i++) {
            topology.send(call("github", "repo.get_file", i % 2 == 0 ? 60 : 1000));   // sd of the log 1.4
        }
        github(topology, 2000, 2000, 2000);               // 8.2× the typical 245 ms, but only 1.5 deviations

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("latency_spike"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 40);
            github(calibrating, 1000, 1000, 1000);

            List<Alert> alerts = alerts(calibrating);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(10);
        }
    }

    @Test
    void countsALateCallIntoTheRunItArrivesIn() {
        learn(topology, 40);
        github(topology, 1000, 1000);
        topology.send(UsageEvents.call("late", AGENT, minuteAt(10),
                UsageEvents.tool("github", "repo.get_file", Capability.read).setLatencyMs(1000L).build()));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts(topology)).extracting(Alert::getRuleId).containsExactly("latency_spike");
    }

    @Test
    void theRunAndTheBaselineSurviveARestart() {
        learn(topology, 40);
        github(topology, 1000, 1000);
        topology = topology.restart();
        github(topology, 1000);

        assertThat(alerts(topology)).extracting(Alert::getBaseline)
                .containsExactly(Map.of("typical_latency_ms", "200", "calls", "40"));
    }

    @Test
    void anAgentsProfileCanAskForMoreSlowCalls() {
        try (TopologyHarness patient = new TopologyHarness(TopologyHarness.only("latency_spike"))) {
            patient.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of(LatencySpikeDetector.SLOW_CALLS.localKey(), "5")).build());
            learn(patient, 40);
            github(patient, 1000, 1000, 1000, 1000);

            assertThat(alerts(patient)).isEmpty();
            github(patient, 1000);
            assertThat(alerts(patient)).hasSize(1);
        }
    }

    @Test
    void anEpisodeThatEndsWithoutFiringIsLearnedAfterwards() {
        learn(topology, 40);
        github(topology, 1000, 1000);
        learn(topology, 10);                               // ten calls without a slow one end the episode

        List<Alert> none = alerts(topology);
        github(topology, 1000, 1000, 1000);

        assertThat(none).isEmpty();
        assertThat(alerts(topology)).extracting(a -> a.getBaseline().get("calls")).containsExactly("52");
    }

    @Test
    void keepsItsStateBoundedWhateverTheNumberOfTools() {
        for (int i = 0; i < 100; i++) {
            topology.send(call("tool-" + i, "act", 200));
        }
        int after100 = UsageEvents.stateBytes(topology, AGENT);
        for (int i = 100; i < 1000; i++) {
            topology.send(call("tool-" + i, "act", 200));
        }

        assertThat(UsageEvents.stateBytes(topology, AGENT)).isLessThanOrEqualTo(after100 + 16).isLessThan(1400);
    }

    /** {@code n} calls of github repo.get_file at 200 ms. */
    private void learn(TopologyHarness target, int n) {
        for (int i = 0; i < n; i++) {
            target.send(call("github", "repo.get_file", 200));
        }
    }

    private void github(TopologyHarness target, long... latencies) {
        for (long latency : latencies) {
            target.send(call("github", "repo.get_file", latency));
        }
    }

    /** The next call, a minute after the previous one. */
    private AgentEvent call(String tool, String action, long latencyMs) {
        return UsageEvents.call("l" + sequence++, AGENT, minuteAt(minute++),
                UsageEvents.tool(tool, action, Capability.read).setLatencyMs(latencyMs).build());
    }

    private static Instant minuteAt(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** This rule's alerts (consumed); other rules may see the same traffic differently. */
    private static List<Alert> alerts(TopologyHarness target) {
        return UsageEvents.alertsOf(target, LatencySpikeDetector.RULE.id());
    }
}
