package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.newtool.NewToolDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * new_tool_usage: tools and action types are learned silently during calibration (7 days from the first event at
 * {@link Events#T0}) and the first hour of history; afterwards each never-seen one is reported once.
 */
class NewToolUsageTest {

    private static final String AGENT = "did:web:agents.example.com:code-reviewer";
    private static final String RULE = "new_tool_usage";
    private static final Duration CALIBRATION = Duration.ofDays(7);

    private TopologyHarness topology = new TopologyHarness();
    private int sequence;

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesOnceOnANewToolAfterCalibration() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), "stripe", "payments.list_charges");

        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.low);
        assertThat(alert.getScore()).isEqualTo(39);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getCategory()).isEqualTo("behaviour");
        assertThat(alert.getAttack()).isEqualTo("AML.T0053");
        assertThat(alert.getDescription()).isEqualTo(
                "first use of tool stripe with action type payments.list_charges, after 4 known tools and action types");
        assertThat(alert.getObserved()).isEqualTo(Map.of("tool", "stripe", "action_type", "payments.list_charges", "new_values", "2"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("known_tools_and_action_types", "4"));
        assertThat(alert.getSuggestedAction()).startsWith("Confirm with the agent's owner that tool stripe was added on purpose");
        assertThat(alert.getWindowStart()).isEqualTo(T0.plus(Duration.ofDays(8)));
    }

    @Test
    void remembersTheNewToolSoItsNextUsesStayQuiet() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), "stripe", "payments.list_charges");
        send(T0.plus(Duration.ofDays(8)).plusSeconds(60), "stripe", "payments.list_charges");
        send(T0.plus(Duration.ofDays(9)), "stripe", "payments.list_charges");

        assertThat(alerts()).hasSize(1);
        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(1);
    }

    @Test
    void reportsANewActionTypeOfAKnownToolLower() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), "gmail", "email.send");

        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(Alert::getDescription)
                .containsExactly("first use of action type email.send on tool gmail, after 4 known tools and action types");
        assertThat(alerts.get(0).getScore()).isEqualTo(25);
        assertThat(alerts.get(0).getObserved()).containsEntry("new_values", "1");
    }

    @Test
    void staysQuietForKnownToolsAndActions() {
        calibrated();
        for (int i = 0; i < 50; i++) {
            send(T0.plus(Duration.ofDays(8)).plusSeconds(i * 60L), i % 2 == 0 ? "github" : "gmail",
                    i % 2 == 0 ? "repo.get_file" : "email.search");
        }

        assertThat(alerts()).isEmpty();
    }

    @Test
    void learnsNewToolsSilentlyDuringCalibration() {
        calibrated();
        send(T0.plus(Duration.ofDays(3)), "slack", "chat.post_message");    // new, but while calibrating
        send(T0.plus(Duration.ofDays(8)), "slack", "chat.post_message");    // known since

        assertThat(alerts()).isEmpty();
    }

    @Test
    void judgesFromExactlyTheEndOfCalibration() {
        calibrated();
        send(T0.plus(CALIBRATION).minusMillis(1), "slack", "chat.post_message");   // last calibrating millisecond
        send(T0.plus(CALIBRATION), "jira", "tickets.search");                      // first judged one

        assertThat(alerts()).extracting(Alert::getDescription)
                .containsExactly("first use of tool jira with action type tickets.search, after 6 known tools and action types");
    }

    @Test
    void withoutCalibrationLearnsTheFirstHourAndJudgesFromItsEnd() {
        topology.register(Events.profile(AGENT, List.of()));
        send(T0, "github", "repo.get_file");
        send(T0.plus(Duration.ofHours(1)).minusMillis(1), "gmail", "email.search");
        send(T0.plus(Duration.ofHours(1)), "stripe", "payments.list_charges");

        assertThat(alerts()).extracting(Alert::getDescription)
                .containsExactly("first use of tool stripe with action type payments.list_charges, after 4 known tools and action types");
    }

    @Test
    void aLateEventWithANewToolStillFires() {
        calibrated();
        send(T0.plus(Duration.ofDays(8)), "github", "repo.get_file");
        send(T0.plus(Duration.ofDays(8)).minus(Duration.ofMinutes(30)), "stripe", "payments.list_charges");

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts()).extracting(Alert::getObserved).extracting(m -> m.get("tool")).containsExactly("stripe");
    }

    @Test
    void theLearnedToolsSurviveARestart() {
        calibrated();
        topology = topology.restart();
        send(T0.plus(Duration.ofDays(8)), "github", "repo.get_file");
        send(T0.plus(Duration.ofDays(8)).plusSeconds(1), "stripe", "payments.list_charges");

        assertThat(alerts()).extracting(Alert::getObserved).extracting(m -> m.get("tool")).containsExactly("stripe");
    }

    @Test
    void anAgentCanHaveItsActionTypesIgnoredInItsProfile() {
        AgentProfile profile = LearnedEvents.withSettings(Events.calibratingProfile(AGENT, 7),
                Map.of("new_tool_usage.action-types", "false"));
        topology.register(profile);
        calibrationTraffic();
        send(T0.plus(Duration.ofDays(8)), "gmail", "email.delete");           // new action, known tool: ignored
        send(T0.plus(Duration.ofDays(8)).plusSeconds(1), "stripe", "payments.refund");

        assertThat(alerts()).extracting(Alert::getDescription)
                .containsExactly("first use of tool stripe, after 2 known tools and action types");
    }

    @Test
    void anAgentThatChurnsPastTheCapacityForgetsItsStalestTools() {
        calibrated();
        Instant at = T0.plus(Duration.ofDays(8));
        for (int i = 0; i < 130; i++) {                                        // 4 known + 130 new > 128
            send(at.plusSeconds(i * 60L), "tool-" + i, null);
        }
        alerts();
        send(at.plus(Duration.ofHours(3)), "github", "repo.get_file");         // evicted: looks new again

        assertThat(topology.stateStore().get(AGENT).openAlert(RULE).orElseThrow().occurrences()).isEqualTo(131);
    }

    @Test
    void itsStateStaysUnderThreeKilobytesWhateverTheTools() {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(LearnedEvents.call("b" + i, AGENT, T0.plusSeconds(i * 60L), "tool-" + i, "action-" + i));
        }
        for (int i = 0; i < 100_000; i++) {                                    // big counts on the kept ones
            events.add(LearnedEvents.call("c" + i, AGENT, T0.plus(Duration.ofDays(1)).plusMillis(i), "tool-999", "action-999"));
        }
        int bytes = LearnedEvents.stateBytes(new NewToolDetector(), Events.profile(AGENT, List.of()), events)
                - LearnedEvents.emptyStateBytes(T0);

        assertThat(bytes).isLessThanOrEqualTo(128 * 23 + 32);
    }

    /** A 7-day calibrating profile and a week of github/repo.get_file and gmail/email.search calls. */
    private void calibrated() {
        topology.register(Events.calibratingProfile(AGENT, 7));
        calibrationTraffic();
    }

    private void calibrationTraffic() {
        for (int day = 0; day < 7; day++) {
            for (int i = 0; i < 4; i++) {
                Instant at = T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(i));
                send(at, "github", "repo.get_file");
                send(at.plusSeconds(600), "gmail", "email.search");
            }
        }
    }

    private void send(Instant at, String tool, String actionType) {
        topology.send(LearnedEvents.call("t" + sequence++, AGENT, at, tool, actionType));
    }

    private List<Alert> alerts() {
        return LearnedEvents.of(RULE, topology.alerts());
    }
}
