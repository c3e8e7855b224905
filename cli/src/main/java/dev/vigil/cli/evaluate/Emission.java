package dev.vigil.cli.evaluate;

import dev.vigil.avro.Alert;
import java.time.Duration;
import java.time.Instant;

/**
 * One record of an alert as {@code vigil replay} wrote it. An open alert is emitted again, under the same
 * {@code alertId}, when repeats fold into it, so one alert may have several emissions; only the fields the
 * evaluation reads are kept.
 *
 * @param firstSeen  event time of the alert's first finding
 * @param lastSeen   event time of its latest finding folded in so far
 * @param detectedAt event time of the event that triggered this emission
 */
public record Emission(String alertId, String ruleId, String agentId, boolean calibrating, Instant firstSeen,
                       Instant lastSeen, Instant detectedAt) {

    public static Emission of(Alert alert) {
        return new Emission(alert.getAlertId(), alert.getRuleId(), alert.getAgentId(), alert.getCalibrating(),
                alert.getFirstSeen(), alert.getLastSeen(), alert.getDetectedAt());
    }

    /** True when [firstSeen, lastSeen] meets [start, end + tolerance], both ends included. */
    boolean overlaps(Instant start, Instant end, Duration tolerance) {
        return !firstSeen.isAfter(end.plus(tolerance)) && !lastSeen.isBefore(start);
    }
}
