package dev.vigil.cli.evaluate;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The figures of one rule, or of all rules together.
 *
 * @param labels            injected attacks labelled with the rule
 * @param detected          of those, the ones an alert of the same rule matched
 * @param alerts            distinct alerts (alert ids) of the rule, calibrating ones excluded
 * @param calibratingAlerts distinct alerts of the rule raised while their agent was calibrating
 * @param matchedAlerts     of {@link #alerts}, the ones that matched a label of any rule
 * @param medianDelay       median detection delay over the detected labels; null when none was detected
 */
public record RuleFigures(String rule, int labels, int detected, int alerts, int calibratingAlerts, int matchedAlerts,
                          Duration medianDelay) {

    /** detected / labels; empty without labels. */
    public OptionalDouble recall() {
        return labels == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) detected / labels);
    }

    /** matched / alerts (after calibration); empty without alerts. */
    public OptionalDouble precision() {
        return alerts == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) matchedAlerts / alerts);
    }

    /** Alerts after calibration that matched no label. */
    public int falseAlerts() {
        return alerts - matchedAlerts;
    }

    /** False alerts per agent-week after calibration; empty when there is no such time to divide by. */
    public OptionalDouble falseAlertsPerAgentWeek(double agentWeeks) {
        return agentWeeks > 0 ? OptionalDouble.of(falseAlerts() / agentWeeks) : OptionalDouble.empty();
    }

    public Optional<Duration> delay() {
        return Optional.ofNullable(medianDelay);
    }
}
