package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static dev.vigil.topology.VolumeTraffic.alertsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.cost.CostSpikeDetector;
import java.time.Duration;
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
 * cost_spike with the defaults: floor $50, min-spend $5, min-ratio 10, min-z 4, peak-ratio 2, min-samples 20.
 * The usual history is one receipt every 10 minutes for a day from {@link Events#T0}, so 144 five-minute windows
 * with spend; the spike comes two minutes after the day, in a 5-minute window of its own.
 */
class CostSpikeTest {

    private static final String AGENT = "did:web:agents.example.com:analyst";
    private static final String RULE = "cost_spike";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant NEXT_DAY = T0.plus(Duration.ofDays(1)).plus(MINUTE.multipliedBy(2));

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
    void firesWhenFiveMinutesCostFarMoreThanUsual() {
        usualDay(topology, "0.500000");
        spend(topology, NEXT_DAY, "1.550000", 4);                         // $6.20 in a minute

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isBetween(70, 89);
        assertThat(alert.getCategory()).isEqualTo("spend");
        assertThat(alert.getAttack()).isEqualTo("AML.T0034");
        assertThat(alert.getDescription()).isEqualTo("$6.20 spent in 5 min, 12.4× the usual $0.50 per 5 minutes of spending");
        assertThat(alert.getObserved()).isEqualTo(Map.of("spend_usd", "6.200000", "window_minutes", "5",
                "ratio", "12.40", "z", "11.40"));
        assertThat(alert.getBaseline()).containsEntry("floor_usd", "50").containsEntry("spend_per_window_usd", "0.500000")
                .containsEntry("standard_deviation_usd", "0.000000").containsEntry("samples", "144")
                .containsKey("peak_usd");
        assertThat(alert.getWindowStart()).isEqualTo(NEXT_DAY.minus(MINUTE.multipliedBy(4)));
        assertThat(alert.getWindowEnd()).isEqualTo(NEXT_DAY.plus(MINUTE));
        assertThat(alert.getSuggestedAction()).startsWith("Freeze the agent's model key");
    }

    @Test
    void firesAtExactlyTenTimesTheUsualAndNotAMicroDollarBefore() {
        usualDay(topology, "1.000000");
        topology.send(traffic.receipt(NEXT_DAY, "9.999999"));

        assertThat(alertsOf(topology, RULE)).as("$9.999999 is just under 10× $1").isEmpty();

        topology.send(traffic.receipt(NEXT_DAY.plusSeconds(10), "0.000001"));

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("$10 spent in 5 min, 10.0× the usual $1 per 5 minutes of spending");
    }

    @Test
    void reportsTheFloorFromTheFirstReceiptAtOrAboveIt() {
        spend(topology, T0, "16.666666", 3);                              // $49.999998

        assertThat(alertsOf(topology, RULE)).isEmpty();

        topology.send(traffic.receipt(T0.plusSeconds(30), "0.000002"));   // exactly $50

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).extracting(Alert::getDescription).containsExactly("$50 spent in 5 min, at or above the $50 floor");
        assertThat(alerts.get(0).getObserved()).containsEntry("spend_usd", "50.000000");
        assertThat(alerts.get(0).getBaseline()).isEqualTo(Map.of("floor_usd", "50"));
        assertThat(alerts.get(0).getScore()).isEqualTo(70);
    }

    @Test
    void theFloorCountsASlidingFiveMinutesAcrossAWindowBoundary() {
        topology.send(traffic.receipt(T0.plus(MINUTE.multipliedBy(3)), "30.000000"));
        topology.send(traffic.receipt(T0.plus(MINUTE.multipliedBy(6)), "30.000000"));   // 09:03–09:06

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("$60 spent in 5 min, at or above the $50 floor");
    }

    /**
     * A $12 batch at 02:00 UTC every night among $0.10 calls: the first night is a spike (during calibration, so
     * it is learned all the same), the nights after it are the habit, and twice the habit is a spike again.
     */
    @Test
    void aRegularHeavyJobIsNotASpikeButTwiceItIs() {
        try (TopologyHarness nightly = new TopologyHarness()) {
            nightly.register(Events.calibratingProfile(AGENT, 3));
            for (int day = 0; day < 4; day++) {
                for (int m = 0; m < 24 * 60; m += 10) {
                    Instant at = T0.plus(Duration.ofDays(day)).plus(MINUTE.multipliedBy(m));
                    nightly.send(traffic.receipt(at, "0.100000"));
                    if (m == 17 * 60) {
                        spend(nightly, at.plus(MINUTE.multipliedBy(2)), "3.000000", 4);
                    }
                }
            }

            assertThat(alertsOf(nightly, RULE)).as("only the first night").extracting(Alert::getCalibrating)
                    .containsExactly(true);

            spend(nightly, T0.plus(Duration.ofDays(4)).plus(MINUTE.multipliedBy(2)), "3.000000", 10);

            List<Alert> alerts = alertsOf(nightly, RULE);
            assertThat(alerts).extracting(Alert::getCalibrating).containsExactly(false);
            assertThat(alerts.get(0).getDescription()).startsWith("$24 spent in 5 min, ");
        }
    }

    /** Two weeks of an office agent's LLM calls: 1–5 an hour, mostly cents, one in ten a large model. */
    @Test
    void staysQuietOnTwoWeeksOfOrdinarySpend() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        try (TopologyHarness office = new TopologyHarness()) {
            office.register(VolumeTraffic.office(AGENT, berlin.getId()));
            Random random = new Random(13);
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                ZonedDateTime local = start.atZone(berlin);
                boolean busy = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 9 && local.getHour() < 17;
                int calls = busy ? 1 + random.nextInt(5) : random.nextInt(2);
                for (int i = 0; i < calls; i++) {
                    office.send(traffic.receipt(start.plusSeconds(random.nextInt(3600 / Math.max(calls, 1)) + i * (3600L / calls)),
                            cost(random)));
                }
            }

            assertThat(alertsOf(office, RULE)).isEmpty();
        }
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            usualDay(calibrating, "0.500000");
            spend(calibrating, NEXT_DAY, "5.000000", 4);

            List<Alert> alerts = alertsOf(calibrating, RULE);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(70);
        }
    }

    @Test
    void lateReceiptsAreNotCounted() {
        usualDay(topology, "0.500000");
        topology.send(traffic.receipt(NEXT_DAY.plus(MINUTE.multipliedBy(10)), "0.500000"));
        spend(topology, NEXT_DAY, "20.000000", 4);                          // 10 minutes behind

        assertThat(topology.counter("vigil.events.late")).isEqualTo(4);
        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void theBaselineSurvivesARestart() {
        usualDay(topology, "0.500000");
        TopologyHarness restarted = topology.restart();
        try {
            spend(restarted, NEXT_DAY, "1.550000", 4);

            assertThat(alertsOf(restarted, RULE)).extracting(Alert::getDescription)
                    .containsExactly("$6.20 spent in 5 min, 12.4× the usual $0.50 per 5 minutes of spending");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAgentsProfileCanRaiseTheFloor() {
        try (TopologyHarness lenient = new TopologyHarness()) {
            lenient.register(VolumeTraffic.withSettings(Events.profile(AGENT, List.of()), Map.of("cost_spike.floor", "100")));
            spend(lenient, T0, "20.000000", 4);

            assertThat(alertsOf(lenient, RULE)).as("$80 is under the agent's $100 floor").isEmpty();

            spend(lenient, T0.plusSeconds(30), "20.000000", 1);

            assertThat(alertsOf(lenient, RULE)).extracting(Alert::getDescription)
                    .containsExactly("$100 spent in 5 min, at or above the $100 floor");
        }
    }

    @Test
    void keepsUnder80BytesPerAgentWhateverItSpends() {
        Random random = new Random(1);
        for (int perHour : new int[] {1, 60, 1_000}) {
            VolumeTraffic.Direct run = new VolumeTraffic.Direct(new CostSpikeDetector(), Events.profile(AGENT, List.of()));
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                for (int i = 0; i < perHour; i++) {
                    run.send(traffic.receipt(start.plusMillis(i * (HOUR.toMillis() / perHour)), cost(random)));
                }
            }

            assertThat(VolumeTraffic.sectionCost(run.state(), RULE)).as("%d receipts an hour", perHour).isLessThanOrEqualTo(80);
        }
    }

    /** A usual day: one receipt of {@code cost} every 10 minutes from T0. */
    private void usualDay(TopologyHarness target, String cost) {
        for (int m = 0; m < 24 * 60; m += 10) {
            target.send(traffic.receipt(T0.plus(MINUTE.multipliedBy(m)), cost));
        }
    }

    /** {@code count} receipts of {@code cost}, 10 seconds apart from {@code start}. */
    private void spend(TopologyHarness target, Instant start, String cost, int count) {
        for (int i = 0; i < count; i++) {
            target.send(traffic.receipt(start.plusSeconds(10L * i), cost));
        }
    }

    /** An LLM call's cost: around $0.024 nine times in ten, around $0.45 otherwise (log-normal). */
    private static String cost(Random random) {
        boolean heavy = random.nextDouble() < 0.1;
        double usd = (heavy ? 0.45 : 0.024) * Math.exp(random.nextGaussian() * (heavy ? 0.57 : 0.7));
        return new java.math.BigDecimal(usd).setScale(6, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
