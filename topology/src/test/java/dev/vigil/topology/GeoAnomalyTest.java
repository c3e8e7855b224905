package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.geo.GeoAnomalyDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * geo_anomaly: with allowedCountries, a rule violation from the first event; without, countries are learned
 * silently during calibration (7 days from the first event at {@link Events#T0}) and each new one after it is
 * reported once.
 */
class GeoAnomalyTest {

    private static final String AGENT = "did:web:agents.example.com:billing-bot";
    private static final String RULE = "geo_anomaly";
    private static final Instant AFTER_CALIBRATION = T0.plus(Duration.ofDays(8));

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesOnACountryOutsideTheAllowedOnes() {
        topology.register(allowing("DE", "FR"));
        send(T0, "DE", "BE");
        send(T0.plusSeconds(60), "RU", "MOW");

        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(69);
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1078");
        assertThat(alert.getDescription()).isEqualTo("request from RU (region MOW), outside the allowed countries DE, FR");
        assertThat(alert.getObserved()).isEqualTo(Map.of("country", "RU", "region", "MOW"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("allowed_countries", "DE,FR"));
        assertThat(alert.getSuggestedAction()).isEqualTo("Verify the agent's egress (proxy, VPN, the regions it is "
                + "deployed in); revoke its tokens if RU is not one of its deployments");
    }

    @Test
    void staysQuietInsideTheAllowedCountriesWhateverTheCase() {
        topology.register(allowing("DE", "FR"));
        send(T0, "DE", "BE");
        send(T0.plusSeconds(60), "fr", null);
        send(T0.plusSeconds(120), " de ", null);
        topology.send(LearnedEvents.call("no-geo", AGENT, T0.plusSeconds(180), "github", "repo.get_file"));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void anAllowedCountryListIsFullStrengthWhileTheAgentCalibrates() {
        topology.register(AgentProfile.newBuilder(Events.calibratingProfile(AGENT, 7))
                .setAllowedCountries(List.of("US")).build());
        send(T0, "US", "CA");
        send(T0.plusSeconds(60), "BR", null);

        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.getCalibrating()).isFalse();
            assertThat(alert.getScore()).isEqualTo(69);
        });
    }

    @Test
    void firesOnceOnACountryNeverSeenAfterCalibration() {
        learnedUsAndFrance();
        send(AFTER_CALIBRATION, "BR", "SP");
        send(AFTER_CALIBRATION.plusSeconds(60), "BR", "SP");

        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(55);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getDescription())
                .isEqualTo("request from BR (region SP), a country never seen for this agent (after 2 known countries)");
        assertThat(alert.getBaseline()).isEqualTo(Map.of("known_countries", "2"));
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(1);
    }

    @Test
    void staysQuietInKnownCountries() {
        learnedUsAndFrance();
        for (int i = 0; i < 20; i++) {
            send(AFTER_CALIBRATION.plusSeconds(i * 60L), i % 2 == 0 ? "US" : "FR", null);
        }

        assertThat(alerts()).isEmpty();
    }

    @Test
    void learnsNewCountriesSilentlyDuringCalibration() {
        learnedUsAndFrance();                                                  // France came on day 3

        assertThat(alerts()).isEmpty();
    }

    @Test
    void withoutCalibrationLearnsTheFirstHourAndJudgesFromItsEnd() {
        topology.register(Events.profile(AGENT, List.of()));
        send(T0, "US", null);
        send(T0.plus(Duration.ofHours(1)).minusMillis(1), "FR", null);
        send(T0.plus(Duration.ofHours(1)), "BR", null);

        assertThat(alerts()).extracting(Alert::getObserved).containsExactly(Map.of("country", "BR"));
    }

    @Test
    void theFirstCountryEverSeenIsLearnedNotReported() {
        topology.register(Events.profile(AGENT, List.of()));
        topology.send(LearnedEvents.call("no-geo", AGENT, T0, "github", "repo.get_file"));
        send(T0.plus(Duration.ofDays(2)), "US", null);                       // geo resolution switched on
        send(T0.plus(Duration.ofDays(2)).plusSeconds(1), "JP", null);

        assertThat(alerts()).extracting(Alert::getObserved).containsExactly(Map.of("country", "JP"));
    }

    @Test
    void aLateEventFromANewCountryStillFires() {
        learnedUsAndFrance();
        send(AFTER_CALIBRATION, "US", null);
        send(AFTER_CALIBRATION.minus(Duration.ofMinutes(20)), "BR", null);

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts()).extracting(Alert::getObserved).containsExactly(Map.of("country", "BR"));
    }

    @Test
    void theLearnedCountriesSurviveARestart() {
        learnedUsAndFrance();
        topology = topology.restart();
        send(AFTER_CALIBRATION, "FR", null);
        send(AFTER_CALIBRATION.plusSeconds(1), "BR", null);

        assertThat(alerts()).extracting(Alert::getObserved).containsExactly(Map.of("country", "BR"));
    }

    @Test
    void anAgentCanTurnTheLearnedModeOffInItsProfile() {
        topology.register(LearnedEvents.withSettings(Events.calibratingProfile(AGENT, 7), Map.of("geo_anomaly.learn", "false")));
        send(T0, "US", null);
        send(AFTER_CALIBRATION, "BR", null);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void itsStateStaysUnderEightHundredBytesWhateverTheCountries() {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < 676; i++) {
            String country = "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
            events.add(LearnedEvents.from("g" + i, AGENT, T0.plusSeconds(i * 60L), country, null));
        }
        int bytes = LearnedEvents.stateBytes(new GeoAnomalyDetector(), Events.profile(AGENT, List.of()), events)
                - LearnedEvents.emptyStateBytes(T0);

        assertThat(bytes).isLessThanOrEqualTo(32 * 23 + 32);
    }

    private AgentProfile allowing(String... countries) {
        return AgentProfile.newBuilder(Events.profile(AGENT, List.of())).setAllowedCountries(List.of(countries)).build();
    }

    /** A 7-day calibrating profile without allowed countries, requests from the US every day and France on day 3. */
    private void learnedUsAndFrance() {
        topology.register(Events.calibratingProfile(AGENT, 7));
        for (int day = 0; day < 7; day++) {
            send(T0.plus(Duration.ofDays(day)), "US", "CA");
            if (day == 3) {
                send(T0.plus(Duration.ofDays(day)).plusSeconds(60), "FR", "IDF");
            }
        }
    }

    private void send(Instant at, String country, String region) {
        topology.send(LearnedEvents.from("g" + sequence++, AGENT, at, country, region));
    }

    private List<Alert> alerts() {
        return LearnedEvents.of(RULE, topology.alerts());
    }
}
