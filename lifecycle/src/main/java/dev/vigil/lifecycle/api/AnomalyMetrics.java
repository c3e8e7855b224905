package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertSummary;
import dev.vigil.lifecycle.view.AlertViewReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of {@code GET /v1/anomalies/metrics} over the alerts the caller may see that were detected within the
 * window {@code [now - window, now]}: how many, how many still open, by severity (every severity, zeros included), by
 * rule, and per UTC day from the window's first day to today (zeros included, oldest first), so the days add up to the
 * total. One pass over the window of the list-order index (summaries, not views); memory grows with the number of rules and days, not alerts.
 */
final class AnomalyMetrics {

    private final Instant from;
    private final Instant to;
    private long total;
    private long open;
    private final Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Long> byRule = new TreeMap<>();
    private final Map<LocalDate, Long> byDay = new TreeMap<>();

    private AnomalyMetrics(Instant now, Duration window) {
        this.from = now.minus(window);
        this.to = now;
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, 0L);
        }
        for (LocalDate day = day(from); !day.isAfter(day(to)); day = day.plusDays(1)) {
            byDay.put(day, 0L);
        }
    }

    static ObjectNode of(AlertViewReader reader, Principal caller, Instant now, Duration window) {
        AnomalyMetrics metrics = new AnomalyMetrics(now, window);
        AlertFilter inWindow = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), caller.operator() ? Optional.empty() : Optional.of(caller.tenant()),
                Optional.of(metrics.from), Optional.of(metrics.to.plusMillis(1)), Optional.empty(), AlertFilter.DEFAULT_LIMIT);
        reader.summaries(inWindow, metrics::count);
        return metrics.toNode();
    }

    /** One alert of the window and the caller's tenants (the filter of {@link #of} selects them). */
    private void count(AlertSummary alert) {
        Instant detected = alert.detectedAt();
        total++;
        if (alert.entry().status() == AlertStatus.OPEN) {
            open++;
        }
        bySeverity.merge(alert.entry().severity(), 1L, Long::sum);
        byRule.merge(alert.entry().ruleId(), 1L, Long::sum);
        byDay.merge(day(detected), 1L, Long::sum);
    }

    private ObjectNode toNode() {
        ObjectNode node = Responses.object();
        node.put("totalAlerts", total);
        node.put("openAlerts", open);
        ObjectNode severities = node.putObject("bySeverity");
        bySeverity.forEach((severity, count) -> severities.put(severity.name(), count));
        ObjectNode rules = node.putObject("byRule");
        byRule.forEach(rules::put);
        var days = node.putArray("recentActivity");
        byDay.forEach((day, count) -> days.addObject().put("date", day.toString()).put("count", count));
        return node;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
