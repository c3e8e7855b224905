package dev.vigil.cli.evaluate;

import dev.vigil.simulator.AttackLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Detection quality of a replay against the labels of the attacks injected into its input. Pure: the same labels
 * and alerts always give the same figures.
 *
 * <ul>
 *   <li>An <b>alert</b> is an alert id; its emissions (the first one and the re-emissions of repeats) are grouped.
 *       It is <b>calibrating</b> when every emission says {@code calibrating=true}; calibrating alerts are counted
 *       apart and left out of precision and false alerts.</li>
 *   <li>An alert <b>matches</b> a label when it is on the label's agent and one of its emissions' [firstSeen,
 *       lastSeen] meets [label start, label end + tolerance], both ends included.</li>
 *   <li><b>Recall</b> of rule R: labels of R matched by an alert of R (calibrating or not) / labels of R. A label
 *       caught only by another rule is not detected for R.</li>
 *   <li><b>Detection delay</b> of a detected label: the earliest detectedAt among the matching emissions of its
 *       rule's alerts, minus the label's start; an alert already open and re-emitted by an earlier event counts
 *       as delay 0. The median is over the detected labels.</li>
 *   <li><b>Precision</b>: alerts after calibration that match a label of <i>any</i> rule / alerts after calibration.
 *       A real attack caught by another rule than the one it was injected for is not a false alarm.</li>
 *   <li><b>False alerts</b>: alerts after calibration that match no label; {@link Exposure} turns them into a rate
 *       per agent-week.</li>
 * </ul>
 */
public final class Evaluation {

    /** The tolerance after a label's end when none is given: an alert may follow its attack by an hour. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);

    private final List<RuleFigures> rules;
    private final RuleFigures overall;
    private final int alertRecords;
    private final Instant earliest;
    private final Instant latest;

    private Evaluation(List<RuleFigures> rules, RuleFigures overall, int alertRecords, Instant earliest, Instant latest) {
        this.rules = List.copyOf(rules);
        this.overall = overall;
        this.alertRecords = alertRecords;
        this.earliest = earliest;
        this.latest = latest;
    }

    /** Evaluates {@code emissions} (the lines of an alerts file, in any order) against {@code labels}. */
    public static Evaluation of(List<AttackLabel> labels, Collection<Emission> emissions, Duration tolerance) {
        Map<String, TrackedAlert> alerts = group(emissions);
        Map<String, List<TrackedAlert>> byAgent = new HashMap<>();
        alerts.values().forEach(a -> byAgent.computeIfAbsent(a.agentId(), k -> new ArrayList<>()).add(a));

        Set<String> matchedAlerts = new HashSet<>();
        Map<String, List<Duration>> delaysByRule = new TreeMap<>();
        Map<String, Integer> labelsByRule = new TreeMap<>();
        for (AttackLabel label : labels) {
            labelsByRule.merge(label.rule(), 1, Integer::sum);
            Optional<Instant> detectedAt = Optional.empty();
            for (TrackedAlert alert : byAgent.getOrDefault(label.agentId(), List.of())) {
                Optional<Instant> first = alert.earliestDetection(label, tolerance);
                if (first.isEmpty()) {
                    continue;
                }
                matchedAlerts.add(alert.alertId());
                if (alert.ruleId().equals(label.rule()) && (detectedAt.isEmpty() || first.get().isBefore(detectedAt.get()))) {
                    detectedAt = first;
                }
            }
            detectedAt.ifPresent(at -> delaysByRule.computeIfAbsent(label.rule(), r -> new ArrayList<>())
                    .add(max(Duration.between(label.start(), at), Duration.ZERO)));
        }
        return tally(labelsByRule, delaysByRule, alerts.values(), matchedAlerts, emissions.size(), span(labels, emissions));
    }

    /** The rules that have labels or alerts, sorted by id. */
    public List<RuleFigures> rules() {
        return rules;
    }

    /** All rules together (rule id "overall"). */
    public RuleFigures overall() {
        return overall;
    }

    /** Lines read from the alerts file, repeats included. */
    public int alertRecords() {
        return alertRecords;
    }

    /** The earliest time in the labels and alerts, empty when both are empty. */
    public Optional<Instant> earliest() {
        return Optional.ofNullable(earliest);
    }

    /** The latest time in the labels and alerts, empty when both are empty. */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest);
    }

    private static Map<String, TrackedAlert> group(Collection<Emission> emissions) {
        Map<String, TrackedAlert> alerts = new LinkedHashMap<>();
        for (Emission emission : emissions) {
            alerts.computeIfAbsent(emission.alertId(), id -> new TrackedAlert(id, emission.ruleId(), emission.agentId(),
                    new ArrayList<>())).emissions().add(emission);
        }
        return alerts;
    }

    private static Evaluation tally(Map<String, Integer> labelsByRule, Map<String, List<Duration>> delaysByRule,
                                    Collection<TrackedAlert> alerts, Set<String> matched, int records, Instant[] span) {
        Set<String> ruleIds = new TreeSet<>(labelsByRule.keySet());
        alerts.forEach(a -> ruleIds.add(a.ruleId()));
        List<RuleFigures> rules = new ArrayList<>();
        List<Duration> allDelays = new ArrayList<>();
        int[] totals = new int[5];
        for (String rule : ruleIds) {
            List<Duration> delays = delaysByRule.getOrDefault(rule, List.of());
            int judged = 0;
            int calibrating = 0;
            int hits = 0;
            for (TrackedAlert alert : alerts) {
                if (!alert.ruleId().equals(rule)) {
                    continue;
                }
                if (alert.calibrating()) {
                    calibrating++;
                } else {
                    judged++;
                    hits += matched.contains(alert.alertId()) ? 1 : 0;
                }
            }
            RuleFigures figures = new RuleFigures(rule, labelsByRule.getOrDefault(rule, 0), delays.size(), judged,
                    calibrating, hits, median(delays));
            rules.add(figures);
            allDelays.addAll(delays);
            totals[0] += figures.labels();
            totals[1] += figures.detected();
            totals[2] += judged;
            totals[3] += calibrating;
            totals[4] += hits;
        }
        RuleFigures overall = new RuleFigures("overall", totals[0], totals[1], totals[2], totals[3], totals[4], median(allDelays));
        return new Evaluation(rules, overall, records, span[0], span[1]);
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    private static Instant[] span(List<AttackLabel> labels, Collection<Emission> emissions) {
        Instant[] span = new Instant[2];
        for (AttackLabel label : labels) {
            widen(span, label.start());
            widen(span, label.end());
        }
        for (Emission emission : emissions) {
            widen(span, emission.firstSeen());
            widen(span, emission.lastSeen());
            widen(span, emission.detectedAt());
        }
        return span;
    }

    private static void widen(Instant[] span, Instant at) {
        if (span[0] == null || at.isBefore(span[0])) {
            span[0] = at;
        }
        if (span[1] == null || at.isAfter(span[1])) {
            span[1] = at;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** One alert id and all its emissions. */
    private record TrackedAlert(String alertId, String ruleId, String agentId, List<Emission> emissions) {

        boolean calibrating() {
            return emissions.stream().allMatch(Emission::calibrating);
        }

        /** The earliest detectedAt of the emissions that meet the label, or empty when none does. */
        Optional<Instant> earliestDetection(AttackLabel label, Duration tolerance) {
            return emissions.stream().filter(e -> e.overlaps(label.start(), label.end(), tolerance))
                    .map(Emission::detectedAt).min(Instant::compareTo);
        }
    }
}
