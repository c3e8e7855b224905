package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static dev.vigil.topology.VolumeTraffic.alertsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.errorrate.ErrorRateSpikeDetector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * error_rate_spike with the defaults: min-z 3, min-ratio 3, min-requests 20, min-failures 5, min-samples 24.
 * The usual history is 26 hours from {@link Events#T0} of 30 requests with 3 failures each (a usual rate of
 * exactly 10%); the hour under test is the 27th. z = (f − n·p) / (sqrt(n·p·(1−p)) + 1).
 */
class ErrorRateSpikeTest {

    private static final String AGENT = "did:web:agents.example.com:indexer";
    private static final String RULE = "error_rate_spike";
    private static final Instant HOUR_27 = T0.plus(HOUR.multipliedBy(26));

    private final TopologyHarness topology = new TopologyHarness();
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
    void firesWhenTheFailureRateIsFarAboveTheAgentsOwn() {
        usual(topology, 26, 30, 3);
        hour(topology, HOUR_27, 5, 10, 5);                                // 15 of 20 at the 20th request

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);      // z = 13 / 2.34 = 5.55
        assertThat(alert.getScore()).isBetween(40, 69);
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isNull();
        assertThat(alert.getDescription())
                .isEqualTo("15 of 20 requests failed in the hour (75%: 10 denied, 5 errors), 7.5× the agent's usual 10%");
        assertThat(alert.getObserved()).isEqualTo(Map.of("requests", "20", "failures", "15", "denied", "10",
                "errors", "5", "failure_ratio", "0.7500", "ratio", "7.50", "z", "5.55"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("failure_ratio", "0.1000", "requests_per_hour", "30.00",
                "samples", "26"));
        assertThat(alert.getWindowStart()).isEqualTo(HOUR_27);
        assertThat(alert.getWindowEnd()).isEqualTo(HOUR_27.plus(HOUR));
        assertThat(alert.getSuggestedAction()).startsWith("Compare the failing calls");
    }

    @Test
    void gradesTheSeverityByZ() {
        usual(topology, 26, 30, 3);
        hour(topology, HOUR_27, 10, 6, 4);                                // 10 of 20: z = 8 / 2.34 = 3.42

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getSeverity).containsExactly(Severity.low);

        try (TopologyHarness all = new TopologyHarness()) {
            all.register(Events.profile(AGENT, List.of()));
            usual(all, 26, 30, 3);
            hour(all, HOUR_27, 0, 0, 20);                                 // 20 of 20: z = 18 / 2.34 = 7.69

            assertThat(alertsOf(all, RULE)).extracting(Alert::getSeverity).containsExactly(Severity.high);
        }
    }

    /** A usual rate of 2 in 32 (6.25%); 24 of 128 is exactly 3×, with z = 16 / 3.74 = 4.28 well past 3. */
    @Test
    void firesAtExactlyThreeTimesTheUsualRateAndNotOneFailureBefore() {
        usual(topology, 26, 32, 2);
        hour(topology, HOUR_27, 104, 23, 0);                              // 23 of 127: 2.9×

        assertThat(alertsOf(topology, RULE)).isEmpty();

        topology.send(traffic.request(HOUR_27.plus(HOUR).minusSeconds(5), Outcome.denied));

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("24 of 128 requests failed in the hour (19%: 24 denied, 0 errors), 3.0× the agent's usual 6.3%");
    }

    @Test
    void staysQuietForAnAgentWhoseUsualFailureRateIsASteadyTwentyPercent() {
        Random random = new Random(19);
        for (int h = 0; h < 7 * 24; h++) {
            traffic.hour(topology, T0.plus(HOUR.multipliedBy(h)), 20 + random.nextInt(21),
                    at -> traffic.request(at, random.nextDouble() < 0.2 ? Outcome.error : Outcome.success));
        }

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    /** A week of 15–30 requests an hour by day and 0–2 by night, 1% denied and 3% errors. */
    @Test
    void staysQuietOnAWeekOfOrdinaryFailures() {
        Random random = new Random(23);
        for (int h = 0; h < 7 * 24; h++) {
            Instant start = T0.plus(HOUR.multipliedBy(h));
            int hourOfDay = (9 + h) % 24;
            int count = hourOfDay >= 9 && hourOfDay < 17 ? 15 + random.nextInt(16) : random.nextInt(3);
            traffic.hour(topology, start, count, at -> {
                double r = random.nextDouble();
                return traffic.request(at, r < 0.01 ? Outcome.denied : r < 0.04 ? Outcome.error : Outcome.success);
            });
        }

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void staysQuietUntilTheBaselineHasTwentyFourHours() {
        usual(topology, 23, 30, 3);                                        // 23 hours learned: one short
        hour(topology, T0.plus(HOUR.multipliedBy(23)), 0, 0, 30);

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            usual(calibrating, 26, 30, 3);
            hour(calibrating, HOUR_27, 5, 10, 5);

            List<Alert> alerts = alertsOf(calibrating, RULE);
            assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.medium);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(40);
        }
    }

    @Test
    void doesNotLearnTheHourItAlertedOn() {
        usual(topology, 26, 30, 3);
        hour(topology, HOUR_27, 100, 0, 900);
        alertsOf(topology, RULE);
        usual(topology, HOUR_27.plus(HOUR), 2, 30, 3);
        hour(topology, HOUR_27.plus(HOUR.multipliedBy(3)), 5, 10, 5);

        assertThat(alertsOf(topology, RULE)).as("learned, the 900 failures would make the usual rate 55%").hasSize(1);
    }

    @Test
    void lateFailuresAreNotCounted() {
        usual(topology, 26, 30, 3);
        topology.send(traffic.request(HOUR_27.plus(HOUR).plusSeconds(10 * 60)));
        hour(topology, HOUR_27, 5, 10, 5);                                // 11 to 70 minutes behind

        assertThat(topology.counter("vigil.events.late")).isEqualTo(20);
        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void anOutOfOrderFailureWithinTheGraceCountsInTheHourItBelongsTo() {
        usual(topology, 26, 30, 3);
        topology.send(traffic.request(HOUR_27, Outcome.success));
        topology.send(traffic.request(HOUR_27.minusSeconds(60), Outcome.error));   // a minute behind: hour 26's
        hour(topology, HOUR_27, 5, 10, 5);

        assertThat(topology.counter("vigil.events.late")).isZero();
        assertThat(alertsOf(topology, RULE)).singleElement().satisfies(alert -> {
            assertThat(alert.getObserved()).containsEntry("requests", "20").containsEntry("failures", "14");
            assertThat(alert.getBaseline()).as("hour 26 learned with 31 requests, 4 failures: 79 of 781")
                    .containsEntry("failure_ratio", "0.1012").containsEntry("requests_per_hour", "30.04")
                    .containsEntry("samples", "26");
        });
    }

    @Test
    void theBaselineSurvivesARestart() {
        usual(topology, 26, 30, 3);
        TopologyHarness restarted = topology.restart();
        try {
            hour(restarted, HOUR_27, 5, 10, 5);

            assertThat(alertsOf(restarted, RULE)).extracting(Alert::getDescription)
                    .containsExactly("15 of 20 requests failed in the hour (75%: 10 denied, 5 errors), 7.5× the agent's usual 10%");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAgentsProfileCanAskForMoreRequests() {
        try (TopologyHarness patient = new TopologyHarness()) {
            patient.register(VolumeTraffic.withSettings(Events.profile(AGENT, List.of()),
                    Map.of("error_rate_spike.min-requests", "25")));
            usual(patient, 26, 30, 3);
            hour(patient, HOUR_27, 5, 10, 10);

            assertThat(alertsOf(patient, RULE)).extracting(Alert::getDescription)
                    .containsExactly("20 of 25 requests failed in the hour (80%: 10 denied, 10 errors), 8.0× the agent's usual 10%");
        }
    }

    @Test
    void keepsUnder64BytesPerAgentWhateverTheTraffic() {
        Random random = new Random(4);
        for (int perHour : new int[] {1, 60, 10_000}) {
            VolumeTraffic.Direct run = new VolumeTraffic.Direct(new ErrorRateSpikeDetector(), Events.profile(AGENT, List.of()));
            for (int h = 0; h < 3 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                for (int i = 0; i < perHour; i++) {
                    run.send(traffic.request(start.plusMillis(i * (HOUR.toMillis() / perHour)),
                            Outcome.values()[random.nextInt(3)]));
                }
            }

            assertThat(VolumeTraffic.sectionCost(run.state(), RULE)).as("%d requests an hour", perHour).isLessThanOrEqualTo(64);
        }
    }

    /** {@code hours} hours from T0 of {@code requests} requests, the last {@code failures} of them errors. */
    private void usual(TopologyHarness target, int hours, int requests, int failures) {
        usual(target, T0, hours, requests, failures);
    }

    private void usual(TopologyHarness target, Instant from, int hours, int requests, int failures) {
        for (int h = 0; h < hours; h++) {
            hour(target, from.plus(HOUR.multipliedBy(h)), requests - failures, 0, failures);
        }
    }

    /** One hour from {@code start}: {@code successes} successes, then {@code denied} denials, then {@code errors} errors, evenly spread. */
    private void hour(TopologyHarness target, Instant start, int successes, int denied, int errors) {
        int total = successes + denied + errors;
        int[] n = {0};
        traffic.hour(target, start, total, at -> {
            int i = n[0]++;
            Outcome outcome = i < successes ? Outcome.success : i < successes + denied ? Outcome.denied : Outcome.error;
            return traffic.request(at, outcome);
        });
    }
}
