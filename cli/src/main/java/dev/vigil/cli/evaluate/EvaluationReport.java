package dev.vigil.cli.evaluate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The evaluation as a table a person reads (and pastes into a README): one row per rule, one for all rules, the
 * targets under the figures they apply to, {@code MISS} beside each figure that misses its target, and a closing
 * line naming every miss.
 */
final class EvaluationReport {

    private static final String MISS = " MISS";
    private static final String NONE = "-";

    private EvaluationReport() {
    }

    static String format(Evaluation evaluation, Exposure exposure, Duration tolerance) {
        StringBuilder out = new StringBuilder();
        RuleFigures overall = evaluation.overall();
        out.append(String.format(Locale.ROOT, "vigil evaluate: %d labels; %d alerts after calibration and %d calibrating "
                        + "(%d alert records); an alert matches a label up to %s after its end%n",
                overall.labels(), overall.alerts(), overall.calibratingAlerts(), evaluation.alertRecords(), text(tolerance)));
        out.append(String.format(Locale.ROOT, "fleet: %d agents (%s), span %s (%s): %.1f agent-weeks after calibration%n%n",
                exposure.agents(), exposure.agentSource(), text(exposure.span()), exposure.spanSource(), exposure.agentWeeks()));
        int width = Math.max("overall".length(), evaluation.rules().stream().mapToInt(r -> r.rule().length()).max().orElse(0));
        String row = "%-" + width + "s  %6s  %8s  %-12s  %6s  %11s  %-11s  %-16s  %12s";
        line(out, String.format(Locale.ROOT, row, "rule", "labels", "detected", "recall", "alerts", "calibrating",
                "precision", "false/agent-week", "median delay"));
        double weeks = exposure.agentWeeks();
        for (RuleFigures rule : evaluation.rules()) {
            line(out, String.format(Locale.ROOT, row, rule.rule(), rule.labels(), rule.detected(),
                    ratio(rule.recall(), Targets.recallMissed(rule)), rule.alerts(), rule.calibratingAlerts(),
                    ratio(rule.precision(), false), rate(rule.falseAlertsPerAgentWeek(weeks), false),
                    rule.delay().map(EvaluationReport::text).orElse(NONE)));
        }
        line(out, String.format(Locale.ROOT, row, "overall", overall.labels(), overall.detected(),
                ratio(overall.recall(), false), overall.alerts(), overall.calibratingAlerts(),
                ratio(overall.precision(), Targets.precisionMissed(overall)),
                rate(overall.falseAlertsPerAgentWeek(weeks), Targets.falseAlertsMissed(overall, weeks)),
                overall.delay().map(EvaluationReport::text).orElse(NONE)));
        line(out, String.format(Locale.ROOT, row, "target", "", "", String.format(Locale.ROOT, ">= %.2f each", Targets.MIN_RECALL),
                "", "", String.format(Locale.ROOT, ">= %.2f", Targets.MIN_PRECISION),
                String.format(Locale.ROOT, "<= %.2f", Targets.MAX_FALSE_ALERTS_PER_AGENT_WEEK), ""));
        List<String> misses = Targets.misses(evaluation, exposure);
        out.append(System.lineSeparator()).append(misses.isEmpty() ? "all targets met" : "targets missed:")
                .append(System.lineSeparator());
        misses.forEach(miss -> out.append("  ").append(miss).append(System.lineSeparator()));
        return out.toString();
    }

    private static void line(StringBuilder out, String row) {
        out.append(row.stripTrailing()).append(System.lineSeparator());
    }

    private static String ratio(OptionalDouble value, boolean missed) {
        return value.isEmpty() ? NONE : String.format(Locale.ROOT, "%.3f", value.getAsDouble()) + (missed ? MISS : "");
    }

    private static String rate(OptionalDouble value, boolean missed) {
        return value.isEmpty() ? NONE : String.format(Locale.ROOT, "%.4f", value.getAsDouble()) + (missed ? MISS : "");
    }

    /** 850ms, 42.0s, 3m 05s, 1h, 2h 07m, 14d, 1d 3h 00m. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (duration.toHours() < 1) {
            return String.format(Locale.ROOT, "%dm %02ds", duration.toMinutes(), duration.toSecondsPart());
        }
        if (duration.toDays() < 1) {
            return duration.toMinutesPart() == 0 ? duration.toHours() + "h"
                    : String.format(Locale.ROOT, "%dh %02dm", duration.toHours(), duration.toMinutesPart());
        }
        return duration.toHoursPart() == 0 && duration.toMinutesPart() == 0 ? duration.toDays() + "d"
                : String.format(Locale.ROOT, "%dd %dh %02dm", duration.toDays(), duration.toHoursPart(), duration.toMinutesPart());
    }
}
