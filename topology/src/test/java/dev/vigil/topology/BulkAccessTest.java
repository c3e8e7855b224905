package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.bulk.BulkAccessDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bulk_access with the defaults: fixed 15-minute windows; fires when a window holds at least 10 MB (or 10,000
 * records), at least 10× the agent's typical window and 3 deviations (at least 0.5 in log terms) above it, after
 * 24 windows learned. The learned windows hold one call each, reading 100 kB and 10 records; window {@code k}
 * starts {@code 15 k} minutes after {@link Events#T0}.
 */
class BulkAccessTest {

    private static final String AGENT = "did:web:agents.example.com:exporter";
    private static final long MB = 1_000_000;

    private TopologyHarness topology = new TopologyHarness(TopologyHarness.only("bulk_access"));
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
    void firesOnTheCallThatTakesTheWindowToTenMegabytes() {
        learn(topology, 30);
        for (int i = 0; i < 5; i++) {
            topology.send(read(30, i, 2 * MB, 10));
        }

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("bulk_access");
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1119");
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isEqualTo(80);
        assertThat(alert.getDescription())
                .isEqualTo("10.0 MB read or written in 15 min, 100.0× the agent's typical 100.0 kB per 15 min");
        assertThat(alert.getObserved()).isEqualTo(Map.of("bytes", "10000000", "records", "50", "window_minutes", "15",
                "ratio", "100.00"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("typical_bytes_per_window", "100000",
                "typical_records_per_window", "10", "windows", "29"));    // window 29 is held for the grace
        assertThat(alert.getWindowStart()).isEqualTo(windowStart(30));
        assertThat(alert.getWindowEnd()).isEqualTo(windowStart(31));
        assertThat(alert.getDetectedAt()).isEqualTo(windowStart(30).plus(Duration.ofMinutes(4)));
        assertThat(alert.getSuggestedAction()).startsWith("Revoke the agent's grant");
    }

    @Test
    void staysQuietOneByteUnderTheMinimum() {
        learn(topology, 30);
        for (int i = 0; i < 4; i++) {
            topology.send(read(30, i, 2 * MB, 10));
        }
        topology.send(read(30, 4, 2 * MB - 1, 10));

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void firesOnTenThousandRecordsInAWindow() {
        learn(topology, 30);
        for (int i = 0; i < 4; i++) {
            topology.send(read(30, i, 100_000, 2500));
        }

        assertThat(alerts(topology)).extracting(Alert::getDescription)
                .containsExactly("10000 records read or written in 15 min, 1000.0× the agent's typical 10 records per 15 min");
    }

    @Test
    void judgesRecordsForAnAgentWhoseToolsReportNoBytes() {
        for (int w = 0; w < 30; w++) {
            topology.send(read(w, 1, 0, 10));
        }
        for (int i = 0; i < 4; i++) {
            topology.send(read(30, i, 0, 2500));
        }

        assertThat(alerts(topology)).extracting(Alert::getBaseline).containsExactly(Map.of(   // 29 held for the grace
                "typical_bytes_per_window", "0", "typical_records_per_window", "10", "windows", "29"));
    }

    @Test
    void aNoisyAgentIsHeldToAWiderBandThanASteadyOne() {
        try (TopologyHarness steady = new TopologyHarness(TopologyHarness.only("bulk_access"))) {
            steady.register(Events.profile(AGENT, List.of()));
            for (int w = 0; w < 30; w++) {
                topology.send(read(w, 0, w % 2 == 0 ? 50_000 : 5 * MB, 10));    // log sd 2.3, typical 500 kB
                steady.send(read(w, 0, 500_000, 10));
            }
            for (int i = 0; i < 6; i++) {
                topology.send(read(30, i, 2 * MB, 10));                          // 12 MB: 24×, 1.4 deviations
                steady.send(read(30, i, 2 * MB, 10));                            // 12 MB: 24×, 6.4 deviations
            }

            assertThat(alerts(topology)).isEmpty();
            assertThat(alerts(steady)).extracting(Alert::getDescription)
                    .containsExactly("10.0 MB read or written in 15 min, 20.0× the agent's typical 500.0 kB per 15 min");
        }
    }

    @Test
    void staysQuietOnOfficeHoursTrafficWithIdleNights() {
        Random random = new Random(3);
        double[] medians = {5_000, 50_000, 200_000};
        for (int day = 0; day < 5; day++) {
            for (int w = 0; w < 96; w++) {
                boolean office = w >= 36 && w < 68;
                int calls = office ? 2 + random.nextInt(5) : random.nextDouble() < 0.1 ? 1 : 0;
                for (int i = 0; i < calls; i++) {
                    double median = medians[random.nextInt(medians.length)];
                    long bytes = Math.round(median * Math.exp(0.8 * random.nextGaussian()));
                    long records = Math.max(1, Math.round(20 * Math.exp(0.7 * random.nextGaussian())));
                    topology.send(read(day * 96 + w, i * 2, bytes, records));
                }
            }
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietBeforeTwentyFourWindowsWereLearned() {
        learn(topology, 23);
        for (int i = 0; i < 10; i++) {
            topology.send(read(23, i, 5 * MB, 10));
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void neverLearnsAWindowThatFired() {
        learn(topology, 30);
        for (int i = 0; i < 5; i++) {
            topology.send(read(30, i, 2 * MB, 10));
        }
        Alert first = alerts(topology).get(0);
        topology.sendLifecycle(Events.resolve("l1", AGENT, first.getAlertId(), "bulk_access", windowStart(30).plus(Duration.ofMinutes(6))));
        topology.send(read(31, 0, 100_000, 10));
        for (int i = 0; i < 5; i++) {
            topology.send(read(32, 5 + i, 2 * MB, 10));                 // window 31 is final after the grace
        }

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getAlertId()).isNotEqualTo(first.getAlertId());
        assertThat(alerts.get(0).getBaseline()).containsEntry("windows", "31").containsEntry("typical_bytes_per_window", "100000");
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("bulk_access"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 30);
            for (int i = 0; i < 5; i++) {
                calibrating.send(read(30, i, 2 * MB, 10));
            }

            List<Alert> alerts = alerts(calibrating);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(70);
        }
    }

    @Test
    void doesNotCountALateCall() {
        learn(topology, 30);
        topology.send(read(30, 10, 2 * MB, 10));
        topology.send(read(29, 5, 50 * MB, 10));           // 20 minutes older than the newest: past the grace
        topology.send(read(30, 11, 2 * MB, 10));

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void countsACallWithinTheGraceInTheWindowItBelongsTo() {
        learn(topology, 30);
        topology.send(read(30, 2, 8 * MB, 10));
        topology.send(read(29, 14, 2 * MB, 10));           // 3 minutes older than the newest: within the grace

        assertThat(topology.counter("vigil.events.late")).isZero();
        assertThat(alerts(topology)).as("not counted in the current window (10 MB)").isEmpty();

        topology.send(read(30, 6, 2 * MB, 10));            // past the grace: window 29 is learned with 2.1 MB
        assertThat(alerts(topology)).singleElement().satisfies(alert -> {
            assertThat(alert.getObserved()).containsEntry("bytes", "10000000");
            assertThat(alert.getBaseline()).containsEntry("windows", "30")
                    .containsEntry("typical_bytes_per_window", "110681");      // exp(mean log): 29 × 100 kB, 2.1 MB
        });
    }

    @Test
    void theWindowAndTheBaselineSurviveARestart() {
        learn(topology, 30);
        for (int i = 0; i < 4; i++) {
            topology.send(read(30, i, 2 * MB, 10));
        }
        topology = topology.restart();
        topology.send(read(30, 4, 2 * MB, 10));

        assertThat(alerts(topology)).extracting(Alert::getObserved).extracting(o -> o.get("bytes")).containsExactly("10000000");
    }

    @Test
    void anAgentsProfileCanRaiseTheMinimum() {
        try (TopologyHarness lenient = new TopologyHarness(TopologyHarness.only("bulk_access"))) {
            lenient.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of(BulkAccessDetector.MIN_BYTES.localKey(), "20000000")).build());
            learn(lenient, 30);
            for (int i = 0; i < 6; i++) {
                lenient.send(read(30, i, 2 * MB, 10));
            }

            assertThat(alerts(lenient)).isEmpty();
        }
    }

    @Test
    void keepsItsStateTheSameSizeWhateverTheTraffic() {
        learn(topology, 50);
        int after50 = UsageEvents.stateBytes(topology, AGENT);
        for (int w = 50; w < 1000; w++) {
            topology.send(read(w, 0, 100_000 + w, 10 + w));
        }

        assertThat(UsageEvents.stateBytes(topology, AGENT)).isLessThanOrEqualTo(after50 + 8).isLessThan(700);
    }

    /** One call in each of windows 0 … n − 1, reading 100 kB and 10 records. */
    private void learn(TopologyHarness target, int n) {
        for (int w = 0; w < n; w++) {
            target.send(read(w, 1, 100_000, 10));
        }
    }

    /** A call in window {@code window}, {@code minute} minutes into it. */
    private AgentEvent read(int window, int minute, long bytes, long records) {
        return UsageEvents.call("b" + sequence++, AGENT, windowStart(window).plus(Duration.ofMinutes(minute)),
                UsageEvents.tool("postgres", "db.select", Capability.read).setBytesRead(bytes).setBytesWritten(0L)
                        .setRecords(records).build());
    }

    private static Instant windowStart(int window) {
        return T0.plus(Duration.ofMinutes(15L * window));
    }

    /** This rule's alerts (consumed); other rules may see the same traffic differently. */
    private static List<Alert> alerts(TopologyHarness target) {
        return UsageEvents.alertsOf(target, BulkAccessDetector.RULE.id());
    }
}
