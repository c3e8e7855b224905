package dev.vigil.topology.detect.cost;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Figures;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.SectionType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cost_spike} — the agent's spend (the {@code costUsd} of its receipts, summed exactly) in the last 5
 * minutes of event time is far above its usual spend per 5 minutes. High. Two ways to fire, checked at each
 * receipt on the sliding 5 minutes ending with the newest receipt's minute:
 * <ul>
 * <li>the absolute {@code floor} (default $50): that much or more in 5 minutes is always reported, from the
 * agent's first receipt, whatever its baseline;</li>
 * <li>the baseline, once it holds {@code min-samples} (default 20) windows: at least {@code min-spend}
 * (default $5), at least {@code min-ratio} (default 10) times the mean spend of a 5-minute window with spend,
 * a z-score of at least {@code min-z} (default 4), and at least {@code peak-ratio} (default 2) times the
 * highest 5-minute spend it learned (decaying by half each week).</li>
 * </ul>
 *
 * <p>Why. Spend is heavy-tailed: most LLM calls cost cents, one call to a large model costs dollars, so a mean
 * and a standard deviation alone would call every expensive call a spike. Each guard answers one way of being
 * wrong. The baseline is learned only from windows in which the agent spent at all, so a night of silence does
 * not make every daytime window look large. The z-score divides by the larger of the standard deviation and the
 * mean itself (one more window's worth), so an agent that spends the same every time is not held to a zero
 * tolerance, and a noisy big spender gets a wide one. The ratio and the $5 minimum keep a cheap agent's one
 * expensive call quiet. The peak keeps a regular heavy job (a nightly batch that spends $10 in 5 minutes while
 * its other windows spend cents) from firing every night: only twice the largest window of the past week or so
 * is a spike. The floor is the backstop the baseline cannot give: a new agent, or a thin baseline, spending
 * $50 in 5 minutes is worth a look in any fleet.
 *
 * <p>Learning: a fixed 5-minute window feeds the baseline when it closes, unless an open alert of this rule
 * holds learning at its last millisecond (the attack is not learned); during calibration every window is
 * learned, alert or not.
 *
 * <p>State: {@link SpendWindows}, created at the agent's first receipt: 55 to 70 bytes per agent (66 to 81 stored,
 * with the section's name; measured after two weeks at 1, 60 and 3,000 events an hour), whatever it spends. Only receipts of a registered agent count.
 *
 * <p>Attack: ATLAS AML.T0034 (Cost Harvesting): someone running up the bill of the agent's model key.
 */
public final class CostSpikeDetector implements Detector {

    public static final Rule RULE = new Rule("cost_spike", "Cost spike", "spend", "AML.T0034");

    public static final Param<BigDecimal> FLOOR = Param.money(RULE.id(), "floor", "50",
            "US dollars in 5 minutes that are always reported, whatever the agent's baseline.");
    public static final Param<BigDecimal> MIN_SPEND = Param.money(RULE.id(), "min-spend", "5",
            "the least spend in 5 minutes that can be a spike against the baseline.");
    public static final Param<Double> MIN_RATIO = Param.number(RULE.id(), "min-ratio", 10.0, 1.0, 100_000.0,
            "fires only at this many times the mean spend of a 5-minute window with spend, or more.");
    public static final Param<Double> MIN_Z = Param.number(RULE.id(), "min-z", 4.0, 1.0, 1000.0,
            "fires only this many standard deviations (or means, whichever is larger) above the mean, or more.");
    public static final Param<Double> PEAK_RATIO = Param.number(RULE.id(), "peak-ratio", 2.0, 1.0, 1000.0,
            "fires only at this many times the highest 5-minute spend learned (halving each week), or more.");
    public static final Param<Integer> MIN_SAMPLES = Param.integer(RULE.id(), "min-samples", 20, 1, 1_000_000,
            "5-minute windows with spend the baseline needs before it is judged (the floor needs none).");

    static final SectionType<SpendWindows> SECTION = new SectionType<>(RULE.id(), SpendWindows::new, SpendWindows::read);

    static final String SUGGESTED_ACTION = "Freeze the agent's model key or cap its spend, then find the calls behind it";

    private static final long MINUTE_MS = 60_000L;

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
        return List.of(FLOOR, MIN_SPEND, MIN_RATIO, MIN_Z, PEAK_RATIO, MIN_SAMPLES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ReceiptPayload receipt)) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        SpendWindows spend = context.state().section(SECTION);
        spend.add(time, micros(receipt.getCostUsd()), context.settings().grace().toMillis(),
                windowEnd -> context.calibrating() || !context.holdsLearning(RULE, windowEnd));
        BigDecimal recent = BigDecimal.valueOf(spend.recentMicros(), 6);
        boolean overFloor = recent.compareTo(context.param(FLOOR)) >= 0;
        if (!overFloor && !overBaseline(context, spend, recent, time)) {
            return Optional.empty();
        }
        return Optional.of(finding(context, spend, recent, time, overFloor));
    }

    /** {@code cost} in micro-dollars, negative amounts (refunds) as zero. */
    static long micros(BigDecimal cost) {
        return Math.max(0, cost.setScale(6, RoundingMode.HALF_UP).unscaledValue().longValue());
    }

    private static boolean overBaseline(DetectionContext context, SpendWindows spend, BigDecimal recent, long time) {
        Moments baseline = spend.baseline();
        if (baseline.count() < context.param(MIN_SAMPLES) || recent.compareTo(context.param(MIN_SPEND)) < 0) {
            return false;
        }
        double usd = recent.doubleValue();
        return usd >= context.param(MIN_RATIO) * baseline.mean()
                && baseline.z(usd, noiseFloor(baseline)) >= context.param(MIN_Z)
                && usd >= context.param(PEAK_RATIO) * spend.peakUsd(time);
    }

    /** The mean spend itself (one more window's worth), or a micro-dollar for a baseline of nothing. */
    static double noiseFloor(Moments baseline) {
        return Math.max(baseline.mean(), 1e-6);
    }

    private static Finding finding(DetectionContext context, SpendWindows spend, BigDecimal recent, long time, boolean overFloor) {
        Moments baseline = spend.baseline();
        BigDecimal floor = context.param(FLOOR);
        double usd = recent.doubleValue();
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("spend_usd", recent.toPlainString());
        observed.put("window_minutes", Integer.toString(SpendWindows.WINDOW_MINUTES));
        Map<String, String> base = new LinkedHashMap<>();
        base.put("floor_usd", floor.toPlainString());
        StringBuilder description = new StringBuilder(money(recent)).append(" spent in 5 min");
        double strength = floor.signum() > 0 ? Math.log10(usd / floor.doubleValue()) : 1;
        boolean established = baseline.count() >= context.param(MIN_SAMPLES) && baseline.mean() > 0;
        if (established) {
            double ratio = usd / baseline.mean();
            observed.put("ratio", Figures.decimal(ratio, 2));
            observed.put("z", Figures.decimal(baseline.z(usd, noiseFloor(baseline)), 2));
            base.put("spend_per_window_usd", Figures.decimal(baseline.mean(), 6));
            base.put("standard_deviation_usd", Figures.decimal(baseline.standardDeviation(), 6));
            base.put("peak_usd", Figures.decimal(spend.peakUsd(time), 6));
            base.put("samples", Long.toString(baseline.count()));
            description.append(", ").append(Figures.ratio(ratio)).append("× the usual ")
                    .append(money(BigDecimal.valueOf(baseline.mean()))).append(" per 5 minutes of spending");
            strength = Math.max(strength, Math.log10(ratio / context.param(MIN_RATIO)));
        }
        if (overFloor) {
            description.append(established ? ", and" : ",")
                    .append(" at or above the ").append(money(floor)).append(" floor");
        }
        long newestMinute = spend.newestMinute();
        Instant start = Instant.ofEpochMilli((newestMinute - SpendWindows.WINDOW_MINUTES + 1) * MINUTE_MS);
        return new Finding(Severity.high, Score.of(Severity.high, strength), description.toString(), observed, base,
                start, Instant.ofEpochMilli((newestMinute + 1) * MINUTE_MS), SUGGESTED_ACTION);
    }

    /** Dollars for a sentence: cents ({@code $62.40}), whole dollars for whole amounts ({@code $50}), finer under a cent. */
    static String money(BigDecimal usd) {
        if (usd.signum() != 0 && usd.abs().compareTo(new BigDecimal("0.01")) < 0) {
            return "$" + usd.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        BigDecimal cents = usd.setScale(2, RoundingMode.HALF_UP);
        return "$" + (cents.stripTrailingZeros().scale() <= 0 ? cents.setScale(0, RoundingMode.UNNECESSARY) : cents).toPlainString();
    }
}
