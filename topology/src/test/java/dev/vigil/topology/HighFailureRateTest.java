package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static dev.vigil.topology.VolumeTraffic.alertsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.failures.HighFailureRateDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * high_failure_rate with the defaults: strictly more than 30% of at least 10 requests failed within the sliding
 * 15 minutes ending with the newest event's minute. Requests are tool calls with an outcome; times are minutes
 * after {@link Events#T0}.
 */
class HighFailureRateTest {

    /** The figure of ten requests; the shipped default is 20 (see the detector and the test below). */
    private static final DetectionSettings TEN = DetectionSettings.defaults().with(HighFailureRateDetector.MIN_REQUESTS, 10);

    private static final String AGENT = "did:web:agents.example.com:deployer";
    private static final String RULE = "high_failure_rate";

    private final TopologyHarness topology = new TopologyHarness(TEN);
    private final VolumeTraffic traffic = new VolumeTraffic(AGENT);

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of()));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void byDefaultNeedsTwentyRequestsSoFourFailuresInThirteenAreNoise() {
        try (TopologyHarness defaults = new TopologyHarness()) {
            defaults.register(Events.profile(AGENT, List.of()));
            send(defaults, 0, 9, Outcome.success);
            send(defaults, 1, 4, Outcome.error);                         // 4 of 13: 31%, below 20 requests
            assertThat(alertsOf(defaults, RULE)).isEmpty();

            send(defaults, 2, 4, Outcome.success);
            send(defaults, 3, 3, Outcome.denied);                        // 7 of 20: 35%
            assertThat(alertsOf(defaults, RULE)).extracting(Alert::getDescription)
                    .containsExactly("7 of 20 requests failed in 15 min (35%: 3 denied, 4 errors), more than the 30% allowed");
        }
    }

    @Test
    void firesWhenMoreThanThirtyPercentOfTenOrMoreRequestsFail() {
        send(topology, 2, 7, Outcome.success);
        send(topology, 3, 2, Outcome.denied);
        send(topology, 4, 1, Outcome.error);                             // 3 of 10: exactly 30%
        send(topology, 9, 1, Outcome.denied);                            // 4 of 11

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isBetween(70, 89);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1110");
        assertThat(alert.getDescription())
                .isEqualTo("4 of 11 requests failed in 15 min (36%: 3 denied, 1 error), more than the 30% allowed");
        assertThat(alert.getObserved()).isEqualTo(Map.of("requests", "11", "failures", "4", "denied", "3", "errors", "1",
                "failure_ratio", "0.3636", "window_minutes", "15"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("max_failure_ratio", "0.3"));
        assertThat(alert.getWindowStart()).isEqualTo(minute(-5));
        assertThat(alert.getWindowEnd()).isEqualTo(minute(10));
        assertThat(alert.getSuggestedAction()).startsWith("Check the agent's credentials and grants");
    }

    @Test
    void staysQuietAtExactlyThirtyPercentAndFiresJustAbove() {
        send(topology, 0, 7, Outcome.success);
        send(topology, 1, 3, Outcome.error);
        send(topology, 2, 4, Outcome.success);
        send(topology, 3, 2, Outcome.denied);                            // 3 of 10, then 5 of 16 (31%)

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("5 of 16 requests failed in 15 min (31%: 2 denied, 3 errors), more than the 30% allowed");
    }

    @Test
    void staysQuietWhenNineRequestsAllFailAndFiresOnTheTenth() {
        send(topology, 0, 9, Outcome.denied);

        assertThat(alertsOf(topology, RULE)).isEmpty();

        send(topology, 1, 1, Outcome.denied);

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("10 of 10 requests failed in 15 min (100%: 10 denied, 0 errors), more than the 30% allowed");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        send(topology, 0, 4, Outcome.denied);
        send(topology, 15, 7, Outcome.success);                          // the window is minutes 1..15

        assertThat(alertsOf(topology, RULE)).isEmpty();

        try (TopologyHarness within = new TopologyHarness(TEN)) {
            within.register(Events.profile(AGENT, List.of()));
            send(within, 0, 4, Outcome.denied);
            send(within, 14, 7, Outcome.success);                        // minutes 0..14: 4 of 11

            assertThat(alertsOf(within, RULE)).hasSize(1);
        }
    }

    /** A week of a busy agent: 40–60 requests an hour, 1% denied and 2% failing. */
    @Test
    void staysQuietOnAWeekOfOrdinaryFailures() {
        Random random = new Random(17);
        for (int h = 0; h < 7 * 24; h++) {
            traffic.hour(topology, T0.plus(HOUR.multipliedBy(h)), 40 + random.nextInt(21), at -> {
                double r = random.nextDouble();
                return traffic.request(at, r < 0.01 ? Outcome.denied : r < 0.03 ? Outcome.error : Outcome.success);
            });
        }

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void firesAtFullStrengthDuringCalibration() {
        try (TopologyHarness calibrating = new TopologyHarness(TEN)) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            send(calibrating, 0, 10, Outcome.denied);

            List<Alert> alerts = alertsOf(calibrating, RULE);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).as("an absolute threshold, not a learned baseline").isFalse();
            assertThat(alerts.get(0).getScore()).isEqualTo(89);
        }
    }

    @Test
    void lateFailuresAreNotCounted() {
        send(topology, 20, 10, Outcome.success);
        send(topology, 10, 10, Outcome.denied);                          // 10 minutes behind

        assertThat(topology.counter("vigil.events.late")).isEqualTo(10);
        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void theWindowSurvivesARestart() {
        send(topology, 0, 7, Outcome.success);
        send(topology, 1, 3, Outcome.denied);
        TopologyHarness restarted = topology.restart();
        try {
            send(restarted, 2, 1, Outcome.denied);

            assertThat(alertsOf(restarted, RULE)).extracting(Alert::getDescription)
                    .containsExactly("4 of 11 requests failed in 15 min (36%: 4 denied, 0 errors), more than the 30% allowed");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAgentsProfileCanShortenTheWindowAndRaiseTheLimit() {
        try (TopologyHarness tuned = new TopologyHarness(TEN)) {
            tuned.register(VolumeTraffic.withSettings(Events.profile(AGENT, List.of()),
                    Map.of("high_failure_rate.window", "5m", "high_failure_rate.max-failure-ratio", "0.5")));
            send(tuned, 0, 6, Outcome.denied);
            send(tuned, 5, 10, Outcome.success);                          // minutes 1..5: 0 of 10
            send(tuned, 6, 5, Outcome.error);                             // minutes 2..6: 5 of 15

            assertThat(alertsOf(tuned, RULE)).isEmpty();

            send(tuned, 6, 6, Outcome.error);                             // 11 of 21

            assertThat(alertsOf(tuned, RULE)).extracting(Alert::getDescription)
                    .containsExactly("11 of 21 requests failed in 5 min (52%: 0 denied, 11 errors), more than the 50% allowed");
        }
    }

    @Test
    void keepsUnder100BytesPerAgentWhateverTheTraffic() {
        Random random = new Random(2);
        for (int perHour : new int[] {1, 60, 10_000}) {
            VolumeTraffic.Direct run = new VolumeTraffic.Direct(new HighFailureRateDetector(), Events.profile(AGENT, List.of()));
            for (int h = 0; h < 3 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                for (int i = 0; i < perHour; i++) {
                    run.send(traffic.request(start.plusMillis(i * (HOUR.toMillis() / perHour)),
                            Outcome.values()[random.nextInt(3)]));
                }
            }

            assertThat(VolumeTraffic.sectionCost(run.state(), RULE)).as("%d requests an hour", perHour).isLessThanOrEqualTo(100);
        }
    }

    /** {@code count} requests with {@code outcome} in {@code minute}, a second apart. */
    private void send(TopologyHarness target, int minute, int count, Outcome outcome) {
        for (int i = 0; i < count; i++) {
            target.send(traffic.request(minute(minute).plusSeconds(i), outcome));
        }
    }

    private static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }
}
