package dev.vigil.cli.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How much agent time after calibration the run watched, to turn false alerts into a rate: agent-weeks =
 * Σ over agents of max(0, span − the agent's calibration days) / 7 days.
 *
 * @param agents      the agents counted
 * @param agentWeeks  their weeks after calibration within the span
 * @param span        the length of the run
 * @param agentSource where the agents came from, for the report
 * @param spanSource  where the span came from, for the report
 */
public record Exposure(int agents, double agentWeeks, Duration span, String agentSource, String spanSource) {

    private static final double WEEK_MILLIS = Duration.ofDays(7).toMillis();

    /** Agents with their calibration days (agent id to days), watched for {@code span}. */
    public static Exposure of(Map<String, Integer> calibrationDays, Duration span, String agentSource, String spanSource) {
        double weeks = 0;
        for (int days : calibrationDays.values()) {
            weeks += Math.max(0, span.minusDays(days).toMillis()) / WEEK_MILLIS;
        }
        return new Exposure(calibrationDays.size(), weeks, span, agentSource, spanSource);
    }

    /** From {@code earliest} to {@code latest}, rounded up to whole days; zero when there is no time at all. */
    public static Duration wholeDays(Instant earliest, Instant latest) {
        if (earliest == null || latest == null) {
            return Duration.ZERO;
        }
        long millis = Duration.between(earliest, latest).toMillis();
        long day = Duration.ofDays(1).toMillis();
        return Duration.ofDays(Math.max(1, (millis + day - 1) / day));
    }
}
