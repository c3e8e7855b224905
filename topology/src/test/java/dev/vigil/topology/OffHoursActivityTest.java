package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.avro.Weekday;
import dev.vigil.topology.detect.offhours.OffHoursDetector;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * off_hours_activity with the defaults: 5 requests within 1 h outside the declared window, or in an hour of the
 * week the agent has learned to be idle. {@link Events#T0} is Monday 2026-03-02 09:00 UTC; Berlin is UTC+1 then,
 * New York UTC−5 until its summer time starts on 2026-03-08.
 */
class OffHoursActivityTest {

    private static final String AGENT = "did:web:agents.example.com:support-agent";
    private static final String OTHER = "did:web:agents.example.com:sales-assistant";
    private static final String RULE = "off_hours_activity";
    private static final String BERLIN = "Europe/Berlin";
    /** Tuesday 2026-03-03 03:00 in Berlin. */
    private static final Instant TUESDAY_NIGHT = Instant.parse("2026-03-03T02:00:00Z");

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    /** A declared window: a rule violation from the first event. */
    @Nested
    class DeclaredWindow {

        @Test
        void firesOnFiveRequestsWithinAnHourOutsideTheWindow() {
            topology.register(officeHoursInBerlin(AGENT));
            send(AGENT, T0);
            burst(AGENT, TUESDAY_NIGHT, 4, Duration.ofMinutes(3));
            assertThat(alerts()).as("four are not yet a burst").isEmpty();

            send(AGENT, TUESDAY_NIGHT.plus(Duration.ofMinutes(12)));

            List<Alert> alerts = alerts();
            assertThat(alerts).hasSize(1);
            Alert alert = alerts.get(0);
            assertThat(alert.getSeverity()).isEqualTo(Severity.low);
            assertThat(alert.getScore()).isEqualTo(39);
            assertThat(alert.getCategory()).isEqualTo("behaviour");
            assertThat(alert.getAttack()).isEqualTo("T1078");
            assertThat(alert.getDescription()).isEqualTo("5 requests in 12 min outside the operating window "
                    + "MON–FRI 09:00–17:00 Europe/Berlin, the last at TUE 03:12 local time");
            assertThat(alert.getObserved()).isEqualTo(Map.of("requests", "5", "span_seconds", "720", "last_at", "TUE 03:12"));
            assertThat(alert.getBaseline()).isEqualTo(Map.of("operating_window", "MON–FRI 09:00–17:00 Europe/Berlin",
                    "min_requests", "5", "window_seconds", "3600"));
            assertThat(alert.getWindowStart()).isEqualTo(TUESDAY_NIGHT);
            assertThat(alert.getWindowEnd()).isEqualTo(TUESDAY_NIGHT.plus(Duration.ofMinutes(12)));
            assertThat(alert.getSuggestedAction())
                    .isEqualTo("Check who drove the agent at TUE 03:12 (principal user-1); halt it if no one scheduled that work");
        }

        @Test
        void isMediumOnAWeekendNight() {
            topology.register(officeHoursInBerlin(AGENT));
            send(AGENT, T0);
            burst(AGENT, Instant.parse("2026-03-07T22:00:00Z"), 5, Duration.ofMinutes(3));   // Saturday 23:00

            assertThat(alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
                assertThat(alert.getScore()).isEqualTo(69);
                assertThat(alert.getObserved()).containsEntry("last_at", "SAT 23:12");
            });
        }

        @Test
        void staysQuietInsideTheWindow() {
            topology.register(officeHoursInBerlin(AGENT));
            burst(AGENT, T0, 100, Duration.ofMinutes(4));                     // Monday 10:00 to 16:36 in Berlin

            assertThat(alerts()).isEmpty();
        }

        @Test
        void staysQuietForATrickleOutsideTheWindow() {
            topology.register(officeHoursInBerlin(AGENT));
            send(AGENT, T0);
            burst(AGENT, Instant.parse("2026-03-02T16:00:00Z"), 32, Duration.ofMinutes(30));   // 17:00 to 08:30
            burst(AGENT, Instant.parse("2026-03-03T16:10:00Z"), 4, Duration.ofMinutes(1));     // four after work

            assertThat(alerts()).isEmpty();
        }

        @Test
        void firesWhenTheFiveSpanExactlyTheWindowAndNotAMillisecondMore() {
            topology.register(officeHoursInBerlin(AGENT));
            topology.register(officeHoursInBerlin(OTHER));
            burst(AGENT, TUESDAY_NIGHT, 5, Duration.ofMinutes(15));            // 03:00 to 04:00 exactly
            burst(OTHER, TUESDAY_NIGHT, 4, Duration.ofMinutes(15));
            send(OTHER, TUESDAY_NIGHT.plus(Duration.ofHours(1)).plusMillis(1));

            assertThat(alerts()).extracting(Alert::getAgentId).containsExactly(AGENT);
        }

        @Test
        void theStartIsInsideTheWindowAndTheEndIsNotForAnAgentJudgingSingleRequests() {
            topology.register(LearnedEvents.withSettings(officeHoursInBerlin(AGENT),
                    Map.of("off_hours_activity.min-requests", "1")));
            send(AGENT, Instant.parse("2026-03-02T08:00:00Z"));                 // Monday 09:00:00.000
            send(AGENT, Instant.parse("2026-03-02T15:59:59.999Z"));             // Monday 16:59:59.999
            assertThat(alerts()).isEmpty();

            send(AGENT, Instant.parse("2026-03-02T16:00:00Z"));                 // Monday 17:00:00.000

            assertThat(alerts()).extracting(Alert::getDescription).containsExactly("a request outside the operating window "
                    + "MON–FRI 09:00–17:00 Europe/Berlin, at MON 17:00 local time");
        }

        @Test
        void anOvernightWindowCoversTheMorningAfterItsListedDay() {
            topology.register(singleRequests(LearnedEvents.withWindow(AGENT, BERLIN, List.of(Weekday.FRI), "22:00", "06:00")));
            send(AGENT, Instant.parse("2026-03-06T21:30:00Z"));                 // Friday 22:30
            send(AGENT, Instant.parse("2026-03-07T02:00:00Z"));                 // Saturday 03:00
            send(AGENT, Instant.parse("2026-03-07T04:59:59Z"));                 // Saturday 05:59:59
            assertThat(alerts()).isEmpty();

            send(AGENT, Instant.parse("2026-03-07T21:30:00Z"));                 // Saturday 22:30: Saturday is not listed

            assertThat(alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
                assertThat(alert.getBaseline()).containsEntry("operating_window", "FRI 22:00–06:00 Europe/Berlin");
            });
        }

        @Test
        void anOvernightWindowDoesNotCoverTheMorningAfterAnUnlistedDay() {
            topology.register(singleRequests(LearnedEvents.withWindow(AGENT, BERLIN, List.of(Weekday.FRI), "22:00", "06:00")));
            send(AGENT, Instant.parse("2026-03-06T02:00:00Z"));                 // Friday 03:00, after Thursday

            assertThat(alerts()).extracting(Alert::getSeverity).containsExactly(Severity.low);
        }

        @Test
        void judgesInTheWindowsTimeZoneAcrossItsDaylightSavingChange() {
            topology.register(singleRequests(
                    LearnedEvents.withWindow(AGENT, "America/New_York", LearnedEvents.WEEKDAYS, "09:00", "17:00")));
            send(AGENT, Instant.parse("2026-03-03T14:00:00Z"));                 // Tuesday 09:00 EST
            send(AGENT, Instant.parse("2026-03-09T13:30:00Z"));                 // Monday 09:30 EDT
            assertThat(alerts()).isEmpty();

            send(AGENT, Instant.parse("2026-03-10T12:30:00Z"));                 // Tuesday 08:30 EDT

            assertThat(alerts()).extracting(a -> a.getObserved().get("last_at")).containsExactly("TUE 08:30");
        }

        @Test
        void staysQuietForANightlyBatchAgentInsideItsNightWindow() {
            topology.register(LearnedEvents.withWindow(AGENT, BERLIN, LearnedEvents.EVERY_DAY, "22:00", "04:00"));
            Instant firstNight = Instant.parse("2026-03-02T21:00:00Z");          // Monday 22:00 in Berlin
            for (int night = 0; night < 7; night++) {                            // Friday to Monday nights too
                Instant start = firstNight.plus(Duration.ofDays(night));
                burst(AGENT, start, 120, Duration.ofMinutes(3));                 // 22:00 to 03:57
                burst(AGENT, start.plus(Duration.ofHours(7)), 16, Duration.ofHours(1));   // one an hour by day
            }

            assertThat(alerts()).isEmpty();
        }

        @Test
        void staysQuietForAWeekendWorkerInsideItsWeekendWindow() {
            topology.register(LearnedEvents.withWindow(AGENT, BERLIN, List.of(Weekday.SAT, Weekday.SUN), "09:00", "18:00"));
            for (int day = 5; day < 14; day++) {
                LocalDate date = LocalDate.of(2026, 3, 2).plusDays(day);
                if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    burst(AGENT, date.atTime(8, 0).toInstant(ZoneOffset.UTC), 180, Duration.ofMinutes(3));   // 09:00 to 17:57
                }
            }

            assertThat(alerts()).isEmpty();
        }

        @Test
        void isFullStrengthWhileTheAgentCalibrates() {
            topology.register(AgentProfile.newBuilder(Events.calibratingProfile(AGENT, 7))
                    .setOperatingWindow(officeHoursInBerlin(AGENT).getOperatingWindow()).build());
            send(AGENT, T0);
            burst(AGENT, TUESDAY_NIGHT, 5, Duration.ofMinutes(3));

            assertThat(alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getCalibrating()).isFalse();
                assertThat(alert.getScore()).isEqualTo(39);
            });
        }

        @Test
        void aLateRequestStillCompletesABurst() {
            topology.register(officeHoursInBerlin(AGENT));
            burst(AGENT, TUESDAY_NIGHT, 4, Duration.ofMinutes(3));
            send(AGENT, Instant.parse("2026-03-03T09:00:00Z"));                 // Tuesday 10:00, in the window
            send(AGENT, TUESDAY_NIGHT.plus(Duration.ofMinutes(12)));             // seven hours late

            assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
            assertThat(alerts()).extracting(a -> a.getObserved().get("requests")).containsExactly("5");
        }

        @Test
        void theRecentOffHoursRequestsSurviveARestart() {
            topology.register(officeHoursInBerlin(AGENT));
            burst(AGENT, TUESDAY_NIGHT, 4, Duration.ofMinutes(3));
            topology = topology.restart();
            send(AGENT, TUESDAY_NIGHT.plus(Duration.ofMinutes(12)));

            assertThat(alerts()).extracting(a -> a.getObserved().get("span_seconds")).containsExactly("720");
        }

        @Test
        void itsStateStaysUnderOneHundredAndFiftyBytes() {
            AgentProfile profile = LearnedEvents.withSettings(officeHoursInBerlin(AGENT),
                    Map.of("off_hours_activity.min-requests", "20"));
            List<AgentEvent> events = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                events.add(event(AGENT, TUESDAY_NIGHT.plus(Duration.ofMinutes(37L * i))));
            }
            int bytes = LearnedEvents.stateBytes(new OffHoursDetector(), profile, events) - LearnedEvents.emptyStateBytes(TUESDAY_NIGHT);

            assertThat(bytes).isLessThanOrEqualTo(150);
        }
    }

    /** No window declared: idle hours learned per UTC hour of the week. */
    @Nested
    class LearnedRhythm {

        /** Tuesday 2026-03-10 03:00 UTC, the second week. */
        private static final Instant NEXT_TUESDAY_NIGHT = Instant.parse("2026-03-10T03:00:00Z");

        @Test
        void firesOnABurstInAnHourTheAgentIsIdle() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 9, 8);                                         // weekdays 09–17 UTC, 8 an hour
            burst(AGENT, NEXT_TUESDAY_NIGHT, 5, Duration.ofMinutes(3));

            List<Alert> alerts = alerts();
            assertThat(alerts).hasSize(1);
            Alert alert = alerts.get(0);
            assertThat(alert.getSeverity()).isEqualTo(Severity.low);
            assertThat(alert.getScore()).isEqualTo(39);
            assertThat(alert.getCalibrating()).isFalse();
            assertThat(alert.getDescription()).startsWith("5 requests in 12 min, the last at TUE 03:12 UTC, an hour of "
                    + "the week when the agent makes 0.00 requests per hour (±1 h) against ").endsWith(" on average");
            assertThat(alert.getBaseline()).containsEntry("expected_per_hour", "0.00").containsEntry("idle_rate", "0.5")
                    .containsEntry("min_requests", "5");
            assertThat(Double.parseDouble(alert.getBaseline().get("average_per_hour"))).isBetween(1.5, 2.0);
        }

        @Test
        void isMediumOnAWeekendNightInUtc() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 13, 8);
            burst(AGENT, Instant.parse("2026-03-14T23:00:00Z"), 5, Duration.ofMinutes(3));

            assertThat(alerts()).extracting(Alert::getSeverity).containsExactly(Severity.medium);
        }

        @Test
        void staysQuietWhileCalibrating() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 2, 8);
            burst(AGENT, Instant.parse("2026-03-03T03:00:00Z"), 20, Duration.ofMinutes(1));

            assertThat(alerts()).isEmpty();
        }

        @Test
        void staysQuietForADailyJobThatDriftsIntoTheNextHour() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            for (int day = 0; day < 8; day++) {
                LocalDate date = LocalDate.of(2026, 3, 2).plusDays(day);
                officeHours(AGENT, date.getDayOfMonth(), date.getDayOfMonth(), 8);
                burst(AGENT, date.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC), 10, Duration.ofMinutes(2));
            }
            burst(AGENT, Instant.parse("2026-03-11T02:50:00Z"), 10, Duration.ofMinutes(2));   // 02:50 to 03:08

            assertThat(alerts()).isEmpty();
        }

        @Test
        void staysQuietForAnAgentThatWorksAroundTheClock() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            burst(AGENT, T0, 8 * 24 * 3, Duration.ofMinutes(20));
            burst(AGENT, NEXT_TUESDAY_NIGHT, 10, Duration.ofMinutes(1));

            assertThat(alerts()).isEmpty();
        }

        @Test
        void doesNotJudgeAnAgentTooSparseForItsEmptyHoursToMeanAnything() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 9, 2);                                         // 80 a week, 0.48 an hour
            burst(AGENT, NEXT_TUESDAY_NIGHT, 10, Duration.ofMinutes(1));

            assertThat(alerts()).isEmpty();
        }

        @Test
        void doesNotLearnTheHourOfAnAttack() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 9, 8);
            burst(AGENT, NEXT_TUESDAY_NIGHT, 6, Duration.ofMinutes(3));
            officeHours(AGENT, 10, 16, 8);
            burst(AGENT, NEXT_TUESDAY_NIGHT.plus(Duration.ofDays(7)), 6, Duration.ofMinutes(3));

            List<Alert> alerts = alerts();
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1).getAlertId()).as("the open alert, re-emitted").isEqualTo(alerts.get(0).getAlertId());
            assertThat(alerts.get(1).getDetectedAt()).isEqualTo(NEXT_TUESDAY_NIGHT.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(12)));
        }

        @Test
        void theLearnedRhythmSurvivesARestart() {
            topology.register(Events.calibratingProfile(AGENT, 7));
            officeHours(AGENT, 2, 9, 8);
            topology = topology.restart();
            burst(AGENT, NEXT_TUESDAY_NIGHT, 5, Duration.ofMinutes(3));

            assertThat(alerts()).extracting(a -> a.getBaseline().get("expected_per_hour")).containsExactly("0.00");
        }

        @Test
        void anAgentCanAskForMoreHistoryInItsProfile() {
            topology.register(LearnedEvents.withSettings(Events.calibratingProfile(AGENT, 7),
                    Map.of("off_hours_activity.min-history", "14d")));
            officeHours(AGENT, 2, 9, 8);
            burst(AGENT, NEXT_TUESDAY_NIGHT, 5, Duration.ofMinutes(3));

            assertThat(alerts()).isEmpty();
        }

        @Test
        void itsStateStaysUnderEightHundredBytes() {
            List<AgentEvent> events = new ArrayList<>();
            for (int i = 0; i < 14 * 24 * 60; i += 1 + i % 7) {                  // every hour of two weeks, unevenly
                events.add(event(AGENT, T0.plus(Duration.ofMinutes(i))));
            }
            int bytes = LearnedEvents.stateBytes(new OffHoursDetector(), Events.profile(AGENT, List.of()), events)
                    - LearnedEvents.emptyStateBytes(T0);

            assertThat(bytes).isBetween(168 * 4, 800);
        }
    }

    private static AgentProfile officeHoursInBerlin(String agentId) {
        return LearnedEvents.withWindow(agentId, BERLIN, LearnedEvents.WEEKDAYS, "09:00", "17:00");
    }

    private static AgentProfile singleRequests(AgentProfile profile) {
        return LearnedEvents.withSettings(profile, Map.of("off_hours_activity.min-requests", "1"));
    }

    /** {@code perHour} requests an hour from 09:00 to 17:00 UTC on the weekdays from March {@code from} to {@code to}. */
    private void officeHours(String agentId, int from, int to, int perHour) {
        for (int day = from; day <= to; day++) {
            LocalDate date = LocalDate.of(2026, 3, day);
            if (date.getDayOfWeek().getValue() <= 5) {
                burst(agentId, date.atTime(9, 0).toInstant(ZoneOffset.UTC), 8 * perHour, Duration.ofMinutes(60 / perHour));
            }
        }
    }

    private void burst(String agentId, Instant start, int count, Duration gap) {
        for (int i = 0; i < count; i++) {
            send(agentId, start.plus(gap.multipliedBy(i)));
        }
    }

    private void send(String agentId, Instant at) {
        topology.send(event(agentId, at));
    }

    private AgentEvent event(String agentId, Instant at) {
        return LearnedEvents.call("o" + sequence++, agentId, at, "github", "repo.get_file");
    }

    private List<Alert> alerts() {
        return LearnedEvents.of(RULE, topology.alerts());
    }
}
