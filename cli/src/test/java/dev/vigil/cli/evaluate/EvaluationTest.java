package dev.vigil.cli.evaluate;

import static dev.vigil.cli.evaluate.EvaluationFixtures.at;
import static dev.vigil.cli.evaluate.EvaluationFixtures.emission;
import static dev.vigil.cli.evaluate.EvaluationFixtures.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void recallIsTheShareOfARulesLabelsMatchedByAlertsOfThatRule() {
        Evaluation evaluation = Evaluation.of(
                List.of(label("a", "rate_spike", 0, 60), label("b", "rate_spike", 0, 60), label("c", "rate_spike", 0, 60)),
                List.of(emission("1", "rate_spike", "a", 30), emission("2", "rate_spike", "b", 45)), HOUR);

        RuleFigures figures = rule(evaluation, "rate_spike");
        assertThat(figures.labels()).isEqualTo(3);
        assertThat(figures.detected()).isEqualTo(2);
        assertThat(figures.recall().getAsDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(Targets.recallMissed(figures)).isTrue();
    }

    @Test
    void anAlertOnAnotherAgentOrLongBeforeTheAttackDoesNotDetectIt() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "rate_spike", 600, 660)),
                List.of(emission("1", "rate_spike", "b", 610), emission("2", "rate_spike", "a", 100)), HOUR);

        assertThat(rule(evaluation, "rate_spike").detected()).isZero();
        assertThat(evaluation.overall().matchedAlerts()).isZero();
        assertThat(evaluation.overall().falseAlerts()).isEqualTo(2);
    }

    @Test
    void repeatsOfOneAlertIdAreOneAlert() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "cost_spike", 0, 5)), List.of(
                emission("1", "cost_spike", "a", false, at(2), at(2), at(2)),
                emission("1", "cost_spike", "a", false, at(2), at(70), at(70)),
                emission("1", "cost_spike", "a", false, at(2), at(140), at(140))), HOUR);

        RuleFigures figures = rule(evaluation, "cost_spike");
        assertThat(evaluation.alertRecords()).isEqualTo(3);
        assertThat(figures.alerts()).isEqualTo(1);
        assertThat(figures.matchedAlerts()).isEqualTo(1);
        assertThat(figures.precision().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void calibratingAlertsAreCountedApartAndLeftOutOfPrecisionAndFalseAlerts() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "rate_spike", 0, 60)), List.of(
                emission("1", "rate_spike", "a", 20),
                emission("2", "rate_spike", "b", true, at(-9000), at(-9000), at(-9000)),
                emission("3", "rate_spike", "c", true, at(-8000), at(-8000), at(-8000))), HOUR);

        RuleFigures figures = rule(evaluation, "rate_spike");
        assertThat(figures.calibratingAlerts()).isEqualTo(2);
        assertThat(figures.alerts()).isEqualTo(1);
        assertThat(figures.precision().getAsDouble()).isEqualTo(1.0);
        assertThat(figures.falseAlerts()).isZero();
    }

    @Test
    void anAlertThatGoesOnAfterCalibrationIsNoLongerACalibratingOne() {
        Evaluation evaluation = Evaluation.of(List.of(), List.of(
                emission("1", "rate_spike", "a", true, at(0), at(0), at(0)),
                emission("1", "rate_spike", "a", false, at(0), at(90), at(90))), HOUR);

        RuleFigures figures = rule(evaluation, "rate_spike");
        assertThat(figures.calibratingAlerts()).isZero();
        assertThat(figures.alerts()).isEqualTo(1);
        assertThat(figures.falseAlerts()).isEqualTo(1);
    }

    @Test
    void anAttackCaughtByAnotherRuleCountsForPrecisionButNotForRecall() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "receipt_surge", 0, 60)),
                List.of(emission("1", "velocity_spike", "a", 10)), HOUR);

        RuleFigures surge = rule(evaluation, "receipt_surge");
        RuleFigures velocity = rule(evaluation, "velocity_spike");
        assertThat(surge.detected()).isZero();
        assertThat(surge.recall().getAsDouble()).isZero();
        assertThat(surge.alerts()).isZero();
        assertThat(velocity.labels()).isZero();
        assertThat(velocity.recall()).isEmpty();
        assertThat(velocity.matchedAlerts()).isEqualTo(1);
        assertThat(velocity.precision().getAsDouble()).isEqualTo(1.0);
        assertThat(evaluation.overall().precision().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void anAlertFirstSeenExactlyAToleranceAfterTheLabelsEndStillMatchesAndOneMillisecondLaterDoesNot() {
        Instant edge = at(10).plus(HOUR);
        Evaluation onEdge = Evaluation.of(List.of(label("a", "latency_spike", 0, 10)),
                List.of(emission("1", "latency_spike", "a", false, edge, edge, edge)), HOUR);
        Instant past = edge.plusMillis(1);
        Evaluation pastEdge = Evaluation.of(List.of(label("a", "latency_spike", 0, 10)),
                List.of(emission("1", "latency_spike", "a", false, past, past, past)), HOUR);

        assertThat(rule(onEdge, "latency_spike").detected()).isEqualTo(1);
        assertThat(rule(onEdge, "latency_spike").medianDelay()).isEqualTo(Duration.ofMinutes(70));
        assertThat(rule(pastEdge, "latency_spike").detected()).isZero();
        assertThat(rule(pastEdge, "latency_spike").falseAlerts()).isEqualTo(1);
    }

    @Test
    void anAlertOpenBeforeTheAttackMatchesWhenItsSpanReachesIntoTheLabel() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "bulk_access", 100, 110)), List.of(
                emission("1", "bulk_access", "a", false, at(0), at(0), at(0)),
                emission("1", "bulk_access", "a", false, at(0), at(105), at(105))), HOUR);

        RuleFigures figures = rule(evaluation, "bulk_access");
        assertThat(figures.detected()).isEqualTo(1);
        assertThat(figures.medianDelay()).as("from the emission that met the label").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theDelayIsFromTheLabelsStartToTheEarliestMatchingDetectionAndTheMedianIsPerRule() {
        Evaluation evaluation = Evaluation.of(
                List.of(label("a", "cost_spike", 0, 5), label("b", "cost_spike", 0, 5), label("c", "cost_spike", 0, 5),
                        label("d", "bulk_access", 0, 5), label("e", "bulk_access", 0, 5)),
                List.of(emission("1", "cost_spike", "a", 1), emission("2", "cost_spike", "a", 9),
                        emission("3", "cost_spike", "b", 3), emission("4", "cost_spike", "c", 7),
                        emission("5", "bulk_access", "d", 2), emission("6", "bulk_access", "e", 5)), HOUR);

        assertThat(rule(evaluation, "cost_spike").medianDelay()).isEqualTo(Duration.ofMinutes(3));
        assertThat(rule(evaluation, "bulk_access").medianDelay()).isEqualTo(Duration.ofSeconds(210));
        assertThat(evaluation.overall().medianDelay()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void everyRuleWithLabelsOrAlertsHasARowInIdOrder() {
        Evaluation evaluation = Evaluation.of(List.of(label("a", "rate_spike", 0, 5)),
                List.of(emission("1", "cost_spike", "b", 1), emission("2", "atypical_model", "b", true, at(1), at(1), at(1))), HOUR);

        assertThat(evaluation.rules()).extracting(RuleFigures::rule).containsExactly("atypical_model", "cost_spike", "rate_spike");
        assertThat(evaluation.overall().rule()).isEqualTo("overall");
    }

    @Test
    void falseAlertsPerAgentWeekDivideByEachAgentsTimeAfterCalibration() {
        Evaluation evaluation = Evaluation.of(List.of(), List.of(emission("1", "rate_spike", "a", 1)), HOUR);
        Exposure exposure = Exposure.of(Map.of("a", 7, "b", 7, "c", 14), Duration.ofDays(14), "test", "test");

        assertThat(exposure.agentWeeks()).isCloseTo(2.0, within(1e-9));
        assertThat(evaluation.overall().falseAlertsPerAgentWeek(exposure.agentWeeks()).getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(Targets.falseAlertsMissed(evaluation.overall(), exposure.agentWeeks())).isTrue();
        assertThat(Targets.precisionMissed(evaluation.overall())).isTrue();
    }

    @Test
    void theSpanIsRoundedUpToWholeDays() {
        Instant start = Instant.parse("2026-01-05T00:00:00Z");

        assertThat(Exposure.wholeDays(start, start.plus(Duration.ofDays(13)).plusMillis(1))).isEqualTo(Duration.ofDays(14));
        assertThat(Exposure.wholeDays(start, start.plus(Duration.ofDays(14)))).isEqualTo(Duration.ofDays(14));
        assertThat(Exposure.wholeDays(null, null)).isZero();
    }

    @Test
    void nothingToJudgeMissesNoTarget() {
        Evaluation evaluation = Evaluation.of(List.of(), List.of(), HOUR);

        assertThat(evaluation.rules()).isEmpty();
        assertThat(evaluation.overall().recall()).isEmpty();
        assertThat(evaluation.overall().precision()).isEmpty();
        assertThat(Targets.misses(evaluation, Exposure.of(Map.of(), Duration.ZERO, "", ""))).isEmpty();
    }

    private static RuleFigures rule(Evaluation evaluation, String rule) {
        return evaluation.rules().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow();
    }
}
