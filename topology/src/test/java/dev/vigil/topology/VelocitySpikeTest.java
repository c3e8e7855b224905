package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.topology.detect.velocity.VelocitySpikeDetector;
import dev.vigil.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * velocity_spike with the defaults: window 5 min, ratio 3, minimum volume 20, one hour of history. Times are
 * whole minutes after {@link Events#T0}; the window is the event's minute and the four before it, the baseline
 * the 60 minutes before that.
 */
class VelocitySpikeTest {

    private static final String AGENT = "did:web:agents.example.com:crawler";

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
    void firesWhenTheRateTriplesAboveTheMinimumVolume() {
        steady(2, 0, 65);                 // minutes 0..64 at 2/min: the baseline is 10 per 5 min
        burst(25, 66);                    // window 62..66 = 6 + 25 = 31 > 30

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("velocity_spike");
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isBetween(70, 89);
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isEqualTo("AML.T0029");
        assertThat(alert.getDescription()).isEqualTo("31 requests in 5 min, 3.1× the 1-hour average of 10 per 5 min");
        assertThat(alert.getObserved()).isEqualTo(Map.of("requests", "31", "window_minutes", "5", "ratio", "3.10"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("requests_per_window", "10.00", "requests_last_hour", "120",
                "peak_window_last_24h", "10"));
        assertThat(alert.getWindowStart()).isEqualTo(minute(62));
        assertThat(alert.getWindowEnd()).isEqualTo(minute(67));
        assertThat(alert.getDetectedAt()).as("the 25th event of the burst").isEqualTo(minute(66).plusMillis(24 * 60_000L / 25));
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            for (int m = 0; m < 65; m++) {
                burst(calibrating, 2, m);
            }
            burst(calibrating, 25, 66);

            List<Alert> alerts = calibrating.alerts();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(70);
        }
    }

    @Test
    void theRingSurvivesARestart() {
        steady(2, 0, 65);
        TopologyHarness restarted = topology.restart();
        try {
            burst(restarted, 25, 66);

            assertThat(restarted.alerts()).extracting(Alert::getDescription)
                    .containsExactly("31 requests in 5 min, 3.1× the 1-hour average of 10 per 5 min");
        } finally {
            restarted.close();
        }
    }

    @Test
    void canBeTurnedOffForOneAgentInItsProfile() {
        try (TopologyHarness off = new TopologyHarness()) {
            off.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of("velocity_spike.enabled", "false")).build());
            for (int m = 0; m < 65; m++) {
                burst(off, 2, m);
            }
            burst(off, 25, 66);

            assertThat(off.alerts()).isEmpty();
        }
    }

    @Test
    void aTenantCanRaiseTheRatio() {
        DetectionSettings lenient = DetectionSettings.defaults().withTenant(Events.TENANT, VelocitySpikeDetector.RATIO, 4.0);
        try (TopologyHarness tenant = new TopologyHarness(lenient)) {
            tenant.register(Events.profile(AGENT, List.of()));
            for (int m = 0; m < 65; m++) {
                burst(tenant, 2, m);
            }
            burst(tenant, 25, 66);   // 3.1× is below the tenant's 4×

            assertThat(tenant.alerts()).isEmpty();
        }
    }

    /** A cron agent: 50 calls in the first minute of every hour, nothing else. */
    @Test
    void staysQuietForARegularHourlyBurst() {
        for (int h = 0; h < 30; h++) {
            burst(50, h * 60);
        }

        assertThat(topology.alerts()).as("the first burst after an hour of history sets the peak").isEmpty();
    }

    @Test
    void firesOnABurstFarAboveTheAgentsUsualHourlyBurst() {
        for (int h = 0; h < 5; h++) {
            burst(50, h * 60);
        }
        burst(76, 5 * 60);          // 76 > 1.5 × 50

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getBaseline()).containsEntry("peak_window_last_24h", "50"));
    }

    @Test
    void staysQuietAtExactlyOneAndAHalfTimesTheUsualBurst() {
        for (int h = 0; h < 5; h++) {
            burst(50, h * 60);
        }
        burst(75, 5 * 60);

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietAtExactlyThreeTimesTheAverage() {
        steady(2, 0, 65);
        burst(24, 66);                    // 6 + 24 = 30 = 3 × 10: not strictly more

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietWhenTwoBecomeSevenBelowTheMinimumVolume() {
        steady(2, 0, 65, 5);              // 2 per 5 min
        burst(7, 66);                     // 3.5× but only 7 requests

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietWithoutAnHourOfHistory() {
        steady(1, 0, 30);
        burst(60, 30);                    // a burst after 30 minutes: no baseline, no ratio

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietForASteadyHighVolumeAgent() {
        steady(20, 0, 180);               // 100 per 5 min for three hours

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void firesOnABurstAfterAnHourOfSilence() {
        steady(2, 0, 10);
        burst(25, 80);                    // history since minute 0; nothing in minutes 16..75

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getDescription)
                .containsExactly("20 requests in 5 min, with none in the hour before");
        assertThat(alerts.get(0).getObserved()).doesNotContainKey("ratio");
    }

    @Test
    void foldsASustainedSpikeIntoOneAlert() {
        steady(2, 0, 65);
        burst(40, 66);
        burst(40, 67);

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getOccurrences()).isEqualTo(1);
    }

    @Test
    void staysQuietForAnOutOfOrderEventWhoseBaselineHasLeftTheRing() {
        try (TopologyHarness patient = new TopologyHarness(DetectionSettings.defaults().withGrace(Duration.ofHours(2)))) {
            patient.register(Events.profile(AGENT, List.of()));
            for (int m = 0; m <= 180; m++) {
                burst(patient, 2, m);     // the ring (125 minutes) now holds minutes 56..180
            }
            burst(patient, 15, 90);       // window 86..90 = 25; judged on half a baseline (56..85) it would be 5×

            assertThat(patient.alerts()).isEmpty();
            assertThat(patient.counter("vigil.events.late")).as("within the 2 h grace").isZero();
        }
    }

    /** {@code perMinute} events in each minute of {@code [from, to)}, spread over the minute. */
    private void steady(int perMinute, int from, int to) {
        for (int m = from; m < to; m++) {
            burst(perMinute, m);
        }
    }

    /** {@code perEvery} events in each block of {@code every} minutes of {@code [from, to)}, at the block's start. */
    private void steady(int perEvery, int from, int to, int every) {
        for (int m = from; m < to; m += every) {
            burst(perEvery, m);
        }
    }

    private void burst(int count, int minute) {
        burst(topology, count, minute);
    }

    private void burst(TopologyHarness target, int count, int minute) {
        for (int i = 0; i < count; i++) {
            Instant at = minute(minute).plusMillis(i * (60_000L / Math.max(count, 1)));
            target.send(Events.toolCall("v" + sequence++, AGENT, at));
        }
    }

    private static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }
}
