package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static dev.vigil.topology.VolumeTraffic.alertsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.receipts.ReceiptSurgeDetector;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * receipt_surge with the defaults: min-z 3, min-ratio 5, min-receipts 30, min-samples 2. The usual history is 3
 * receipts in every hour from {@link Events#T0} (Monday 09:00 UTC) until Thursday 10:00, so the weekday 10:00
 * slot has learned three hours of exactly 3 (noise floor sqrt(3) + 1 = 2.73).
 */
class ReceiptSurgeTest {

    private static final String AGENT = "did:web:agents.example.com:writer";
    private static final String RULE = "receipt_surge";
    private static final Instant THURSDAY_10 = T0.plus(HOUR.multipliedBy(73));

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
    void firesWhenAnAgentAtAFewReceiptsAnHourSurges() {
        receipts(topology, 73, 3);
        traffic.spread(topology, THURSDAY_10, HOUR.dividedBy(4), 200, this::receipt);

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isBetween(70, 89);
        assertThat(alert.getCategory()).isEqualTo("spend");
        assertThat(alert.getAttack()).isEqualTo("AML.T0034");
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getDescription()).isEqualTo("30 receipts in the hour, 10.0× the usual 3.0 for a weekday 10:00");
        assertThat(alert.getObserved()).isEqualTo(Map.of("receipts", "30", "ratio", "10.00", "z", "9.88"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("receipts_per_hour", "3.00", "standard_deviation", "0.00",
                "noise_floor", "2.73", "samples", "3", "hour_of_day", "10"));
        assertThat(alert.getWindowStart()).isEqualTo(THURSDAY_10);
        assertThat(alert.getWindowEnd()).isEqualTo(THURSDAY_10.plus(HOUR));
        assertThat(alert.getSuggestedAction()).startsWith("Freeze the agent's model key");
    }

    @Test
    void firesAtExactlyFiveTimesTheUsualAndNotOneReceiptBefore() {
        receipts(topology, 73, 10);
        traffic.spread(topology, THURSDAY_10, HOUR.dividedBy(2), 49, this::receipt);

        assertThat(alertsOf(topology, RULE)).as("49 receipts: 4.9× the usual 10").isEmpty();

        topology.send(receipt(THURSDAY_10.plus(HOUR.dividedBy(2))));

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("50 receipts in the hour, 5.0× the usual 10 for a weekday 10:00");
    }

    @Test
    void staysQuietBelowTheMinimumReceipts() {
        receipts(topology, 73, 1);
        traffic.hour(topology, THURSDAY_10, 29, this::receipt);           // 29×, but 29 receipts

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void countsReceiptsOnly() {
        receipts(topology, 73, 3);
        traffic.hour(topology, THURSDAY_10, 200, traffic::request);

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    /** 2–8 receipts an hour on weekdays 09:00–17:00 in Berlin, 0–1 otherwise, for two weeks. */
    @Test
    void staysQuietOnTwoWeeksOfAnOfficeRhythm() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        try (TopologyHarness office = new TopologyHarness()) {
            office.register(VolumeTraffic.office(AGENT, berlin.getId()));
            Random random = new Random(3);
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                ZonedDateTime local = start.atZone(berlin);
                boolean busy = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 9 && local.getHour() < 17;
                traffic.hour(office, start, busy ? 2 + random.nextInt(7) : random.nextInt(2), this::receipt);
            }

            assertThat(alertsOf(office, RULE)).isEmpty();
        }
    }

    @Test
    void aNoisyHeavyAgentGetsAWiderToleranceThanAQuietOne() {
        try (TopologyHarness heavy = new TopologyHarness()) {
            heavy.register(Events.profile(AGENT, List.of()));
            Random random = new Random(5);
            for (int h = 0; h < 73; h++) {
                traffic.hour(heavy, T0.plus(HOUR.multipliedBy(h)), 30 + random.nextInt(61), this::receipt);
            }
            traffic.hour(heavy, THURSDAY_10, 200, this::receipt);          // about 3× its 60-odd

            assertThat(alertsOf(heavy, RULE)).isEmpty();
        }
        receipts(topology, 73, 3);
        traffic.hour(topology, THURSDAY_10, 30, this::receipt);            // 27 over a usual 3

        assertThat(alertsOf(topology, RULE)).hasSize(1);
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            receipts(calibrating, 73, 3);
            traffic.hour(calibrating, THURSDAY_10, 200, this::receipt);

            List<Alert> alerts = alertsOf(calibrating, RULE);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(70);
        }
    }

    @Test
    void lateReceiptsAreNotCounted() {
        receipts(topology, 73, 3);
        topology.send(receipt(THURSDAY_10.plus(HOUR).plusSeconds(10 * 60)));
        traffic.hour(topology, THURSDAY_10, 200, this::receipt);           // 11 to 70 minutes behind 11:10

        assertThat(topology.counter("vigil.events.late")).isEqualTo(200);
        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void theBaselineSurvivesARestart() {
        receipts(topology, 73, 3);
        TopologyHarness restarted = topology.restart();
        try {
            traffic.hour(restarted, THURSDAY_10, 200, this::receipt);

            assertThat(alertsOf(restarted, RULE)).extracting(Alert::getDescription)
                    .containsExactly("30 receipts in the hour, 10.0× the usual 3.0 for a weekday 10:00");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAgentsProfileCanRaiseTheMinimum() {
        try (TopologyHarness lenient = new TopologyHarness()) {
            lenient.register(VolumeTraffic.withSettings(Events.profile(AGENT, List.of()),
                    Map.of("receipt_surge.min-receipts", "100")));
            receipts(lenient, 73, 3);
            traffic.hour(lenient, THURSDAY_10, 200, this::receipt);

            assertThat(alertsOf(lenient, RULE)).extracting(Alert::getDescription)
                    .containsExactly("100 receipts in the hour, 33.3× the usual 3.0 for a weekday 10:00");
        }
    }

    @Test
    void keepsUnder450BytesPerAgentWhateverTheTraffic() {
        for (int perHour : new int[] {1, 60, 1_000}) {
            VolumeTraffic.Direct run = new VolumeTraffic.Direct(new ReceiptSurgeDetector(), Events.profile(AGENT, List.of()));
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                for (int i = 0; i < perHour; i++) {
                    run.send(receipt(start.plusMillis(i * (HOUR.toMillis() / perHour))));
                }
            }

            assertThat(VolumeTraffic.sectionBytes(run.state().section(ReceiptSurgeDetector.SECTION)))
                    .as("%d receipts an hour", perHour).isLessThanOrEqualTo(447);
        }
    }

    /** {@code perHour} receipts in every hour from T0 for {@code hours} hours. */
    private void receipts(TopologyHarness target, int hours, int perHour) {
        for (int h = 0; h < hours; h++) {
            traffic.hour(target, T0.plus(HOUR.multipliedBy(h)), perHour, this::receipt);
        }
    }

    private AgentEvent receipt(Instant at) {
        return traffic.receipt(at, "0.020000");
    }
}
