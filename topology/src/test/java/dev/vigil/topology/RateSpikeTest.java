package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static dev.vigil.topology.VolumeTraffic.alertsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.HourlySlotCounts;
import dev.vigil.topology.detect.rate.RateSpikeDetector;
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
 * rate_spike with the defaults: min-z 3, min-ratio 3, min-events 40, min-samples 2. {@link Events#T0} is a
 * Monday 09:00 UTC; the usual history is 20 events in every hour from then until Thursday 10:00, so Thursday's
 * 10:00 slot (weekday 10:00) has learned three hours of exactly 20 (mean 20, spread 0, noise floor
 * sqrt(20) + 1 = 5.47).
 */
class RateSpikeTest {

    private static final String AGENT = "did:web:agents.example.com:crawler";
    private static final String RULE = "rate_spike";
    /** Thursday 10:00 UTC. */
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
    void firesWhenAnHourHoldsThreeTimesItsUsualCount() {
        traffic.steady(topology, T0, 73, 20);
        traffic.hour(topology, THURSDAY_10, 60, traffic::request);

        List<Alert> alerts = alertsOf(topology, RULE);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isBetween(70, 89);
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isEqualTo("AML.T0029");
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getDescription()).isEqualTo("60 events in the hour, 3.0× the usual 20 for a weekday 10:00");
        assertThat(alert.getObserved()).isEqualTo(Map.of("events", "60", "ratio", "3.00", "z", "7.31"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("events_per_hour", "20.00", "standard_deviation", "0.00",
                "noise_floor", "5.47", "samples", "3", "hour_of_day", "10"));
        assertThat(alert.getWindowStart()).isEqualTo(THURSDAY_10);
        assertThat(alert.getWindowEnd()).isEqualTo(THURSDAY_10.plus(HOUR));
        assertThat(alert.getDetectedAt()).as("the 60th event of the hour").isEqualTo(THURSDAY_10.plusMillis(59 * 60_000L));
        assertThat(alert.getSuggestedAction()).startsWith("Throttle the agent");
    }

    @Test
    void firesAtExactlyTheRatioAndNotOneEventBefore() {
        traffic.steady(topology, T0, 73, 20);
        traffic.spread(topology, THURSDAY_10, HOUR.dividedBy(2), 59, traffic::request);

        assertThat(alertsOf(topology, RULE)).as("59 events: 2.95× the usual 20").isEmpty();

        topology.send(traffic.request(THURSDAY_10.plus(HOUR.dividedBy(2))));

        assertThat(alertsOf(topology, RULE)).extracting(Alert::getDescription)
                .containsExactly("60 events in the hour, 3.0× the usual 20 for a weekday 10:00");
    }

    @Test
    void gradesTheSeverityByZ() {
        traffic.steady(topology, T0, 73, 13);
        traffic.hour(topology, THURSDAY_10, 40, traffic::request);     // z = 27 / (sqrt(13) + 1) = 5.86

        List<Alert> medium = alertsOf(topology, RULE);
        assertThat(medium).extracting(Alert::getSeverity).containsExactly(Severity.medium);
        assertThat(medium.get(0).getScore()).isBetween(40, 69);
        assertThat(medium.get(0).getDescription()).isEqualTo("40 events in the hour, 3.1× the usual 13 for a weekday 10:00");

        try (TopologyHarness noisy = new TopologyHarness()) {
            noisy.register(Events.profile(AGENT, List.of()));
            int[] mondayToWednesdayAt10 = {10, 30, 50};                    // mean 30, spread 16.33
            for (int h = 0; h < 73; h++) {
                int day = h / 24;
                int count = h % 24 == 1 && day < 3 ? mondayToWednesdayAt10[day] : 20;
                traffic.hour(noisy, T0.plus(HOUR.multipliedBy(h)), count, traffic::request);
            }
            traffic.hour(noisy, THURSDAY_10, 90, traffic::request);        // z = 60 / 16.33 = 3.67

            List<Alert> low = alertsOf(noisy, RULE);
            assertThat(low).extracting(Alert::getSeverity).containsExactly(Severity.low);
            assertThat(low.get(0).getScore()).isBetween(10, 39);
            assertThat(low.get(0).getObserved()).containsEntry("z", "3.67");
        }
    }

    @Test
    void staysQuietOnTwoWeeksOfOrdinaryTraffic() {
        Random random = new Random(7);
        for (int h = 0; h < 14 * 24; h++) {
            traffic.hour(topology, T0.plus(HOUR.multipliedBy(h)), 15 + random.nextInt(16), traffic::request);
        }

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    /**
     * An office agent in New York: 40–60 events an hour on weekdays 09:00–17:00 local, 0–2 otherwise, for two
     * weeks across the start of daylight saving time (Sunday 8 March 2026). In UTC its first busy hour moves
     * from 14:00 to 13:00, which a UTC slot would call a spike; its own zone keeps it at 09:00.
     */
    @Test
    void staysQuietOnAnOfficeRhythmAcrossDaylightSavingTimeAndFiresOnABusyNight() {
        ZoneId newYork = ZoneId.of("America/New_York");
        try (TopologyHarness office = new TopologyHarness()) {
            office.register(VolumeTraffic.office(AGENT, newYork.getId()));
            Random random = new Random(11);
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                ZonedDateTime local = start.atZone(newYork);
                boolean busy = local.getDayOfWeek().getValue() <= 5 && local.getHour() >= 9 && local.getHour() < 17;
                traffic.hour(office, start, busy ? 40 + random.nextInt(21) : random.nextInt(3), traffic::request);
            }

            assertThat(alertsOf(office, RULE)).isEmpty();

            Instant tuesdayThreeAm = ZonedDateTime.of(2026, 3, 17, 3, 0, 0, 0, newYork).toInstant();
            traffic.hour(office, tuesdayThreeAm, 45, traffic::request);  // ordinary at 10:00, not at 03:00

            List<Alert> alerts = alertsOf(office, RULE);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getSeverity()).isEqualTo(Severity.high);
            assertThat(alerts.get(0).getDescription()).startsWith("40 events in the hour, ")
                    .endsWith(" for a weekday 03:00 America/New_York");
        }
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            traffic.steady(calibrating, T0, 73, 20);
            traffic.hour(calibrating, THURSDAY_10, 60, traffic::request);

            List<Alert> alerts = alertsOf(calibrating, RULE);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(70);
        }
    }

    @Test
    void doesNotLearnTheHourItAlertedOn() {
        traffic.steady(topology, T0, 73, 20);
        traffic.hour(topology, THURSDAY_10, 60, traffic::request);
        traffic.steady(topology, THURSDAY_10.plus(HOUR), 23, 20);
        alertsOf(topology, RULE);
        traffic.hour(topology, THURSDAY_10.plus(HOUR.multipliedBy(24)), 60, traffic::request);

        assertThat(alertsOf(topology, RULE)).as("learned, Thursday's 60 would make Friday's 60 only 2× the usual 30")
                .extracting(Alert::getOccurrences).containsExactly(2L);
    }

    @Test
    void learnsEvenAnAlertedHourDuringCalibration() {
        try (TopologyHarness calibrating = new TopologyHarness()) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            traffic.steady(calibrating, T0, 73, 20);
            traffic.hour(calibrating, THURSDAY_10, 60, traffic::request);
            traffic.steady(calibrating, THURSDAY_10.plus(HOUR), 23, 20);
            alertsOf(calibrating, RULE);
            traffic.hour(calibrating, THURSDAY_10.plus(HOUR.multipliedBy(24)), 60, traffic::request);

            assertThat(alertsOf(calibrating, RULE)).as("Friday's 60 is 2× the usual 30").isEmpty();
        }
    }

    @Test
    void lateEventsAreNotCountedInTheHourTheyBelongTo() {
        traffic.steady(topology, T0, 73, 20);
        topology.send(traffic.request(THURSDAY_10.plus(HOUR).plusSeconds(10 * 60)));
        traffic.hour(topology, THURSDAY_10, 60, traffic::request);       // 11 to 70 minutes behind 11:10

        assertThat(topology.counter("vigil.events.late")).isEqualTo(60);
        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void anOutOfOrderEventWithinTheGraceCountsInTheHourItBelongsTo() {
        VolumeTraffic.Direct run = new VolumeTraffic.Direct(new RateSpikeDetector(), Events.profile(AGENT, List.of()));
        for (int h = 0; h < 73; h++) {
            for (int i = 0; i < 20; i++) {
                run.send(traffic.request(T0.plus(HOUR.multipliedBy(h)).plusSeconds(i * 180L)));
            }
        }
        run.send(traffic.request(THURSDAY_10.plusSeconds(60)));
        run.send(traffic.request(THURSDAY_10.minusSeconds(30)));          // 90 s behind: Thursday 09:00's
        HourlySlotCounts counts = run.state().section(RateSpikeDetector.SECTION);
        int learned = counts.slots().count(9);

        assertThat(counts.current()).as("the current hour does not take it").isEqualTo(1.0);
        run.send(traffic.request(THURSDAY_10.plusSeconds(5 * 60)));       // the grace is over: 09:00 is fed
        assertThat(counts.current()).isEqualTo(2.0);
        assertThat(counts.slots().count(9)).isEqualTo(learned + 1);
        assertThat(counts.slots().mean(9)).as("Thursday 09:00 fed with 21").isCloseTo(
                (20.0 * learned + 21) / (learned + 1), within(1e-5));  // slots keep floats
    }

    @Test
    void theBaselineSurvivesARestart() {
        traffic.steady(topology, T0, 73, 20);
        TopologyHarness restarted = topology.restart();
        try {
            traffic.hour(restarted, THURSDAY_10, 60, traffic::request);

            assertThat(alertsOf(restarted, RULE)).extracting(Alert::getDescription)
                    .containsExactly("60 events in the hour, 3.0× the usual 20 for a weekday 10:00");
        } finally {
            restarted.close();
        }
    }

    @Test
    void anAgentsProfileCanRaiseTheRatio() {
        try (TopologyHarness lenient = new TopologyHarness()) {
            lenient.register(VolumeTraffic.withSettings(Events.profile(AGENT, List.of()), Map.of("rate_spike.min-ratio", "4")));
            traffic.steady(lenient, T0, 73, 20);
            traffic.spread(lenient, THURSDAY_10, HOUR.dividedBy(2), 60, traffic::request);

            assertThat(alertsOf(lenient, RULE)).as("3× is below the agent's 4×").isEmpty();

            traffic.spread(lenient, THURSDAY_10.plus(HOUR.dividedBy(2)), HOUR.dividedBy(2), 20, traffic::request);

            assertThat(alertsOf(lenient, RULE)).extracting(Alert::getDescription)
                    .containsExactly("80 events in the hour, 4.0× the usual 20 for a weekday 10:00");
        }
    }

    @Test
    void staysQuietUntilTheSlotHasTwoSamples() {
        traffic.steady(topology, T0, 25, 20);                              // Monday 10:00 learned; Tuesday 10:00 is next
        traffic.hour(topology, T0.plus(HOUR.multipliedBy(25)), 200, traffic::request);

        assertThat(alertsOf(topology, RULE)).isEmpty();
    }

    @Test
    void keepsUnder450BytesPerAgentWhateverTheTraffic() {
        for (int perHour : new int[] {1, 60, 1_000}) {
            VolumeTraffic.Direct run = new VolumeTraffic.Direct(new RateSpikeDetector(), Events.profile(AGENT, List.of()));
            for (int h = 0; h < 14 * 24; h++) {
                Instant start = T0.plus(HOUR.multipliedBy(h));
                for (int i = 0; i < perHour; i++) {
                    run.send(event(start.plusMillis(i * (HOUR.toMillis() / perHour))));
                }
            }

            int bytes = VolumeTraffic.sectionBytes(run.state().section(RateSpikeDetector.SECTION));
            assertThat(bytes).as("%d events an hour", perHour).isLessThanOrEqualTo(447);
            assertThat(VolumeTraffic.restored(run.state(), RateSpikeDetector.SECTION).slots().mean(10))
                    .isEqualTo(run.state().section(RateSpikeDetector.SECTION).slots().mean(10));
        }
    }

    @Test
    void describesSlotsInTheAgentsZone() {
        assertThat(HourlySlotCounts.describe(10, ZoneId.of("UTC"))).isEqualTo("weekday 10:00");
        assertThat(HourlySlotCounts.describe(27, ZoneId.of("Europe/Berlin"))).isEqualTo("weekend 03:00 Europe/Berlin");
    }

    private AgentEvent event(Instant at) {
        return traffic.request(at);
    }
}
