package dev.vigil.cli.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quality Vigil promises on a simulated fleet (issue 3): recall ≥ 0.95 for every rule that has labels,
 * precision ≥ 0.95 over all alerts after calibration, and at most 0.05 false alerts per agent-week after
 * calibration. A figure that cannot be computed (no labels, no alerts, no agent time) misses nothing.
 */
public final class Targets {

    public static final double MIN_RECALL = 0.95;
    public static final double MIN_PRECISION = 0.95;
    public static final double MAX_FALSE_ALERTS_PER_AGENT_WEEK = 0.05;

    private Targets() {
    }

    static boolean recallMissed(RuleFigures figures) {
        return figures.recall().isPresent() && figures.recall().getAsDouble() < MIN_RECALL;
    }

    static boolean precisionMissed(RuleFigures overall) {
        return overall.precision().isPresent() && overall.precision().getAsDouble() < MIN_PRECISION;
    }

    static boolean falseAlertsMissed(RuleFigures overall, double agentWeeks) {
        var rate = overall.falseAlertsPerAgentWeek(agentWeeks);
        return rate.isPresent() && rate.getAsDouble() > MAX_FALSE_ALERTS_PER_AGENT_WEEK;
    }

    /** One sentence per missed target, empty when every target is met. */
    public static List<String> misses(Evaluation evaluation, Exposure exposure) {
        List<String> misses = new ArrayList<>();
        for (RuleFigures rule : evaluation.rules()) {
            if (recallMissed(rule)) {
                misses.add(String.format(Locale.ROOT, "recall of %s is %.3f (%d of %d labels), below %.2f",
                        rule.rule(), rule.recall().getAsDouble(), rule.detected(), rule.labels(), MIN_RECALL));
            }
        }
        RuleFigures overall = evaluation.overall();
        if (precisionMissed(overall)) {
            misses.add(String.format(Locale.ROOT, "precision is %.3f (%d of %d alerts after calibration match a label), below %.2f",
                    overall.precision().getAsDouble(), overall.matchedAlerts(), overall.alerts(), MIN_PRECISION));
        }
        if (falseAlertsMissed(overall, exposure.agentWeeks())) {
            misses.add(String.format(Locale.ROOT, "%.4f false alerts per agent-week (%d over %.1f agent-weeks), above %.2f",
                    overall.falseAlertsPerAgentWeek(exposure.agentWeeks()).getAsDouble(), overall.falseAlerts(),
                    exposure.agentWeeks(), MAX_FALSE_ALERTS_PER_AGENT_WEEK));
        }
        return misses;
    }
}
