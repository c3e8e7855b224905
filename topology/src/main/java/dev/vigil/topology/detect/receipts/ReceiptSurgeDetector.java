package dev.vigil.topology.detect.receipts;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.HourlySlotCounts;
import dev.vigil.topology.baseline.SlotMoments;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Figures;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.SectionType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code receipt_surge} — the agent's spend receipts (LLM calls) in the current event-time hour are far above
 * what that hour usually holds for it (same hour of the day, weekdays and weekends apart, in the operating
 * window's zone, else UTC): an agent at 1–5 an hour suddenly at 200. High. It fires as soon as the hour's
 * running count reaches all of: {@code min-receipts} (default 30), {@code min-ratio} (default 5) times the
 * slot's mean, and a z-score of {@code min-z} (default 3), once the slot has seen {@code min-samples} (default
 * 2) hours.
 *
 * <p>Why these defaults: a surge of LLM calls is a runaway loop or a stolen model key, and both move by tens of
 * times, not by a few percent; the five-fold ratio and the 30-receipt minimum keep ordinary variation quiet (a
 * quiet agent doing 1–5 calls an hour never reaches 30; a heavy one at 60 an hour needs 300). The z-score divides
 * by the larger of the slot's standard deviation and the Poisson noise {@code sqrt(mean) + 1}, so a noisy,
 * high-volume agent gets a wider tolerance than a quiet regular one. Hours of the day are apart for the reasons
 * given on {@code rate_spike} (an office agent's LLM calls follow its working hours).
 *
 * <p>Learning: as {@code rate_spike} — a closed hour feeds its slot unless an open alert of this rule holds
 * learning at its last millisecond; during calibration every hour is learned. Hours without receipts are zeros.
 *
 * <p>State: {@link HourlySlotCounts}, created at the agent's first receipt (none for an agent that never
 * spends): 444 bytes per agent once every slot has a sample, whatever its traffic (460 stored, with the
 * section's name). Only receipts of a registered agent count.
 *
 * <p>Attack: ATLAS AML.T0034 (Cost Harvesting) — running up someone else's model bill is what a surge of
 * receipts is, whether a hijacked agent or a loop that nobody stops.
 */
public final class ReceiptSurgeDetector implements Detector {

    public static final Rule RULE = new Rule("receipt_surge", "Receipt surge", "spend", "AML.T0034");

    public static final Param<Double> MIN_Z = Param.number(RULE.id(), "min-z", 3.0, 1.0, 100.0,
            "fires only when the hour's receipts are at least this many standard deviations (or Poisson noise floors, "
                    + "whichever is larger) above the slot's mean.");
    public static final Param<Double> MIN_RATIO = Param.number(RULE.id(), "min-ratio", 5.0, 1.0, 1000.0,
            "fires only when the hour holds at least this many times the slot's mean.");
    public static final Param<Integer> MIN_RECEIPTS = Param.integer(RULE.id(), "min-receipts", 30, 1, 100_000_000,
            "the fewest receipts in an hour that can be a surge.");
    public static final Param<Integer> MIN_SAMPLES = Param.integer(RULE.id(), "min-samples", 2, 1, SlotMoments.MAX_COUNT,
            "hours a day-type slot (weekday or weekend, hour of day) must have seen before it is judged.");

    public static final SectionType<HourlySlotCounts> SECTION =
            new SectionType<>(RULE.id(), HourlySlotCounts::new, HourlySlotCounts::read);

    static final String SUGGESTED_ACTION = "Freeze the agent's model key and check for a loop re-issuing LLM calls";

    /** A slot mean below this reads "usually has none" (it would print as 0.0). */
    static final double NONE = 0.05;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public boolean usesEventTimeWindows() {
        return true;
    }

    @Override
    public boolean baseline() {
        return true;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_Z, MIN_RATIO, MIN_RECEIPTS, MIN_SAMPLES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ReceiptPayload)) {
            return Optional.empty();
        }
        ZoneId zone = HourlySlotCounts.zoneOf(context.profile());
        HourlySlotCounts counts = context.state().section(SECTION);
        long time = event.getOccurredAt().toEpochMilli();
        counts.advance(time, context.settings().grace().toMillis(), zone, context.state().firstEventAt(),
                hourEnd -> context.calibrating() || !context.holdsLearning(RULE, hourEnd));
        counts.add(1, time);
        if (counts.inPreviousHour(time)) {
            return Optional.empty(); // out of order, within the grace: counted in the hour it belongs to
        }
        return judge(context, counts, zone);
    }

    private static Optional<Finding> judge(DetectionContext context, HourlySlotCounts counts, ZoneId zone) {
        double receipts = counts.current();
        if (receipts < context.param(MIN_RECEIPTS)) {
            return Optional.empty();
        }
        int slot = counts.slot(zone);
        SlotMoments slots = counts.slots();
        if (slots.count(slot) < context.param(MIN_SAMPLES)) {
            return Optional.empty();
        }
        double mean = slots.mean(slot);
        double minRatio = context.param(MIN_RATIO);
        if (slots.z(slot, receipts, slots.countFloor(slot)) < context.param(MIN_Z) || receipts < minRatio * mean) {
            return Optional.empty();
        }
        return Optional.of(finding(counts, slot, zone, minRatio));
    }

    private static Finding finding(HourlySlotCounts counts, int slot, ZoneId zone, double minRatio) {
        SlotMoments slots = counts.slots();
        long receipts = Math.round(counts.current());
        double mean = slots.mean(slot);
        String slotText = HourlySlotCounts.describe(slot, zone);
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("receipts", Long.toString(receipts));
        String description;
        double strength;
        if (mean >= NONE) {
            double ratio = receipts / mean;
            observed.put("ratio", Figures.decimal(ratio, 2));
            description = receipts + " receipts in the hour, " + Figures.ratio(ratio) + "× the usual "
                    + Figures.amount(mean) + " for a " + slotText;
            strength = Math.log10(ratio / minRatio);
        } else {
            description = receipts + " receipts in the hour, where a " + slotText + " usually has none";
            strength = 1;
        }
        observed.put("z", Figures.decimal(slots.z(slot, receipts, slots.countFloor(slot)), 2));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("receipts_per_hour", Figures.decimal(mean, 2));
        baseline.put("standard_deviation", Figures.decimal(slots.standardDeviation(slot), 2));
        baseline.put("noise_floor", Figures.decimal(slots.countFloor(slot), 2));
        baseline.put("samples", Integer.toString(slots.count(slot)));
        baseline.put("hour_of_day", Integer.toString(slot % 24));
        Instant start = Instant.ofEpochMilli(counts.hourStart());
        return new Finding(Severity.high, Score.of(Severity.high, strength), description, observed, baseline, start,
                start.plusMillis(HourlySlotCounts.HOUR_MS), SUGGESTED_ACTION);
    }
}
