package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Resolution;
import dev.vigil.topology.feedback.FalsePositives;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A false-positive resolution quiets the rule for that agent for the configured time; other resolutions only close. */
class FalsePositiveFeedbackTest {

    private TopologyHarness harness = new TopologyHarness(TopologyHarness.only("unknown_agent"));

    @AfterEach
    void close() {
        harness.close();
    }

    private Alert firstAlertOf(String agent, Instant at) {
        harness.send(Events.toolCall("e-" + agent + at.toEpochMilli(), agent, at));
        List<Alert> alerts = harness.alerts();
        assertThat(alerts).as("alert of " + agent + " at " + at).hasSize(1);
        return alerts.get(0);
    }

    private void resolve(Alert alert, Resolution resolution, Instant at) {
        AlertLifecycleEvent event = AlertLifecycleEvent.newBuilder(Events.resolve("r-" + at.toEpochMilli(), alert.getAgentId(),
                alert.getAlertId(), null, at)).setResolution(resolution).build();
        harness.sendLifecycle(event);
    }

    @Test
    void theRuleIsQuietForTheAgentForADayAfterAFalsePositiveThenJudgesAgain() {
        Alert first = firstAlertOf("ghost", T0);
        resolve(first, Resolution.false_positive, T0.plusSeconds(60));
        harness.send(Events.toolCall("e-2", "ghost", T0.plusSeconds(120)));
        harness.send(Events.toolCall("e-3", "ghost", T0.plus(Duration.ofHours(23))));
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.counter("vigil.findings.quieted", "rule", "unknown_agent")).isEqualTo(2);
        // Another agent is not quieted by it.
        firstAlertOf("other", T0.plusSeconds(180));
        Alert again = firstAlertOf("ghost", T0.plusSeconds(60).plus(Duration.ofHours(24)));
        assertThat(again.getAlertId()).isNotEqualTo(first.getAlertId());
    }

    @Test
    void aBenignOrTruePositiveResolutionOnlyClosesTheAlert() {
        Alert first = firstAlertOf("ghost", T0);
        resolve(first, Resolution.benign, T0.plusSeconds(60));
        Alert second = firstAlertOf("ghost", T0.plusSeconds(120));
        assertThat(second.getAlertId()).isNotEqualTo(first.getAlertId());
        resolve(second, Resolution.true_positive, T0.plusSeconds(180));
        firstAlertOf("ghost", T0.plusSeconds(240));
    }

    @Test
    void theQuietPeriodIsAParameterAndZeroTurnsItOff() {
        harness.close();
        harness = new TopologyHarness(TopologyHarness.only(DetectionSettings.defaults().with(FalsePositives.QUIET, Duration.ZERO),
                "unknown_agent"));
        Alert first = firstAlertOf("ghost", T0);
        resolve(first, Resolution.false_positive, T0.plusSeconds(60));
        firstAlertOf("ghost", T0.plusSeconds(120));
    }

    @Test
    void theQuietPeriodSurvivesARestart() {
        Alert first = firstAlertOf("ghost", T0);
        resolve(first, Resolution.false_positive, T0.plusSeconds(60));
        harness = harness.restart();
        harness.send(Events.toolCall("e-9", "ghost", T0.plusSeconds(120)));
        assertThat(harness.alerts()).isEmpty();
    }
}
