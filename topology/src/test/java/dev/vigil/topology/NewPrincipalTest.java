package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.newprincipal.NewPrincipalDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * new_principal: principals are learned silently during calibration (7 days from the first event at
 * {@link Events#T0}) and the first hour of history; afterwards each never-seen one is reported once.
 */
class NewPrincipalTest {

    private static final String AGENT = "did:web:agents.example.com:support-agent";
    private static final String RULE = "new_principal";
    private static final String ALICE = "user:alice@acme.example";
    private static final String BOB = "user:bob@acme.example";
    private static final String MALLORY = "user:mallory@evil.example";

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesOnceOnAPrincipalNeverSeenAfterCalibration() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), MALLORY);

        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.low);
        assertThat(alert.getScore()).isEqualTo(39);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("identity");
        assertThat(alert.getAttack()).isEqualTo("T1078");
        assertThat(alert.getPrincipalId()).isEqualTo(MALLORY);
        assertThat(alert.getDescription()).isEqualTo("first request for principal " + MALLORY + ", after 2 known principals");
        assertThat(alert.getObserved()).isEqualTo(Map.of("principal", MALLORY));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("known_principals", "2"));
        assertThat(alert.getSuggestedAction()).startsWith("Confirm that " + MALLORY + " may drive this agent");
    }

    @Test
    void remembersTheNewPrincipalSoItsNextRequestsStayQuiet() {
        calibrated();
        for (int i = 0; i < 5; i++) {
            send(T0.plus(Duration.ofDays(8)).plusSeconds(i * 60L), MALLORY);
        }

        assertThat(alerts()).hasSize(1);
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(1);
    }

    @Test
    void staysQuietForKnownPrincipalsAndEventsWithoutOne() {
        calibrated();
        for (int i = 0; i < 40; i++) {
            send(T0.plus(Duration.ofDays(8)).plusSeconds(i * 60L), i % 3 == 0 ? ALICE : i % 3 == 1 ? BOB : null);
        }

        assertThat(alerts()).isEmpty();
    }

    @Test
    void learnsNewPrincipalsSilentlyDuringCalibration() {
        calibrated();
        send(T0.plus(Duration.ofDays(5)), MALLORY);
        send(T0.plus(Duration.ofDays(8)), MALLORY);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void judgesFromExactlyTheEndOfCalibration() {
        calibrated();
        send(T0.plus(Duration.ofDays(7)).minusMillis(1), "user:carol@acme.example");
        send(T0.plus(Duration.ofDays(7)), MALLORY);

        assertThat(alerts()).extracting(Alert::getDescription)
                .containsExactly("first request for principal " + MALLORY + ", after 3 known principals");
    }

    @Test
    void withoutCalibrationLearnsTheFirstHourAndJudgesFromItsEnd() {
        topology.register(Events.profile(AGENT, List.of()));
        send(T0, ALICE);
        send(T0.plus(Duration.ofHours(1)).minusMillis(1), BOB);
        send(T0.plus(Duration.ofHours(1)), MALLORY);

        assertThat(alerts()).extracting(Alert::getObserved).containsExactly(Map.of("principal", MALLORY));
    }

    @Test
    void aLateEventWithANewPrincipalStillFires() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), ALICE);
        send(T0.plus(Duration.ofDays(8)).minus(Duration.ofHours(2)), MALLORY);

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts()).extracting(Alert::getPrincipalId).containsExactly(MALLORY);
    }

    @Test
    void theLearnedPrincipalsSurviveARestart() {
        calibrated();
        topology = topology.restart();
        send(T0.plus(Duration.ofDays(8)), BOB);
        send(T0.plus(Duration.ofDays(8)).plusSeconds(1), MALLORY);

        assertThat(alerts()).extracting(Alert::getPrincipalId).containsExactly(MALLORY);
    }

    @Test
    void anAgentCanLearnLongerInItsProfile() {
        AgentProfile profile = LearnedEvents.withSettings(Events.profile(AGENT, List.of()),
                Map.of("new_principal.min-history", "2d"));
        topology.register(profile);
        send(T0, ALICE);
        send(T0.plus(Duration.ofDays(1)), BOB);                               // still learning for this agent
        send(T0.plus(Duration.ofDays(2)), MALLORY);

        assertThat(alerts()).extracting(Alert::getPrincipalId).containsExactly(MALLORY);
    }

    @Test
    void itsStateStaysUnderOneAndAHalfKilobytesWhateverThePrincipals() {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(LearnedEvents.byPrincipal("p" + i, AGENT, T0.plusSeconds(i * 60L), "user:" + i + "@acme.example"));
        }
        int bytes = LearnedEvents.stateBytes(new NewPrincipalDetector(), Events.profile(AGENT, List.of()), events)
                - LearnedEvents.emptyStateBytes(T0);

        assertThat(bytes).isLessThanOrEqualTo(64 * 23 + 32);
    }

    /** A 7-day calibrating profile and a week of requests for alice and bob. */
    private void calibrated() {
        topology.register(Events.calibratingProfile(AGENT, 7));
        for (int day = 0; day < 7; day++) {
            for (int i = 0; i < 4; i++) {
                Instant at = T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(i));
                send(at, ALICE);
                send(at.plusSeconds(600), BOB);
            }
        }
    }

    private void send(Instant at, String principal) {
        topology.send(LearnedEvents.byPrincipal("p" + sequence++, AGENT, at, principal));
    }

    private List<Alert> alerts() {
        return LearnedEvents.of(RULE, topology.alerts());
    }
}
