package dev.vigil.topology.detect.budget;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Budget;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code budget_overspend} — the agent's spend (the sum of its receipts' {@code costUsd}) within one burst of
 * {@code window} (default 5 min) is strictly more than {@code fraction} (default 0.9) of the profile's budget
 * ({@code budget.amountUsd}, whatever its period). High from the first event. Exactly 90% is quiet.
 *
 * <p>Why: a budget is sized for a whole period (usually a day) of honest work, so nine tenths of it in five
 * minutes is not a busy afternoon but a runaway loop, a prompt-injected agent told to burn tokens, or a leaked
 * model key — the burst a daily cap would only stop once the money is gone. The threshold is a fraction of the
 * budget, not of the agent's usual spend ({@code cost_spike} does that), so it needs no calibration and cannot
 * fire on an agent that keeps its budget; an agent without a budget (or with a budget of $0, read as none) is
 * never judged.
 *
 * <p>Money is exact: amounts are counted in micro-dollars as {@code long} (a receipt's cost rounded up to the
 * micro-dollar, saturating far above any budget), and the threshold is compared in {@link BigDecimal}.
 *
 * <p>The burst is a sliding window: the spend is kept per bucket of {@code window / 20} (15 s by default) and the
 * rule judges every run of 20 consecutive buckets that holds the receipt, so a burst straddling a minute or a
 * window edge is caught; the window is thereby measured to within one bucket. The ring keeps the window plus the
 * grace ({@link dev.vigil.topology.DetectionSettings#grace()}, at most an hour of buckets), so a receipt up to the
 * grace out of order is counted where it belongs. It sees late events too: a receipt older than the ring is judged
 * on its own cost (a single receipt above the threshold still fires).
 *
 * <p>State: the {@link SpendRing} section, 40 buckets with the defaults — ~45 bytes per agent, ~250 for a heavy
 * spender, at most ~{@value SpendRing#MAX_SIZE} × 9 bytes for an hour-long grace with a one-minute window.
 *
 * <p>Attack: ATLAS AML.T0034 (Cost Harvesting) — running up an AI system's compute bill, which is exactly what
 * a burst of spend far out of proportion to the budget is.
 */
public final class BudgetOverspendDetector implements Detector {

    public static final Rule RULE = new Rule("budget_overspend", "Budget overspend", "spend", "AML.T0034");

    public static final Param<Duration> WINDOW = Param.duration(RULE.id(), "window", "5m", Duration.ofMinutes(1),
            Duration.ofHours(1), "the length of a burst of spend; measured in twentieths of itself.");
    public static final Param<Double> FRACTION = Param.number(RULE.id(), "fraction", 0.9, 0.01, 1.0,
            "fires when a burst spends strictly more than this fraction of the profile's budget.");

    static final int BUCKETS_PER_WINDOW = 20;
    private static final long MAX_SLACK_MS = Duration.ofHours(1).toMillis();
    private static final long SECOND_MS = 1000;

    static final String SUGGESTED_ACTION = "Freeze the agent's model key and pause its spending; find what ran up "
            + "the bill (a loop, an injected prompt, a leaked key) before raising the budget";

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(WINDOW, FRACTION);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        AgentProfile profile = context.profile();
        if (profile == null || profile.getBudget() == null || !(event.getPayload() instanceof ReceiptPayload receipt)) {
            return Optional.empty();
        }
        long budget = micros(profile.getBudget().getAmountUsd());
        if (budget <= 0) {
            return Optional.empty();
        }
        long window = context.param(WINDOW).toMillis();
        long bucketMs = Math.max(1, window / BUCKETS_PER_WINDOW);
        SpendRing ring = context.state().section(SpendRing.SECTION);
        ring.shape(bucketMs, ringSize(bucketMs, context.settings().grace()));
        long time = event.getOccurredAt().toEpochMilli();
        long bucket = ring.bucketOf(time);
        long cost = micros(receipt.getCostUsd());
        SpendRing.Burst burst = ring.add(bucket, cost)
                ? ring.fullest(bucket, BUCKETS_PER_WINDOW)
                : new SpendRing.Burst(bucket, bucket, cost);
        BigDecimal fraction = BigDecimal.valueOf(context.param(FRACTION));
        if (BigDecimal.valueOf(burst.micros()).compareTo(fraction.multiply(BigDecimal.valueOf(budget))) <= 0) {
            return Optional.empty();
        }
        return Optional.of(finding(burst, budget, profile.getBudget(), fraction, window, bucketMs));
    }

    /** The window's buckets plus the grace's, the grace capped at an hour and the whole at the ring's maximum. */
    static int ringSize(long bucketMs, Duration grace) {
        long slack = (Math.min(grace.toMillis(), MAX_SLACK_MS) + bucketMs - 1) / bucketMs;
        return (int) Math.min(BUCKETS_PER_WINDOW + slack, SpendRing.MAX_SIZE);
    }

    /** Dollars as micro-dollars, rounded up (a cost never shrinks), 0 for a negative amount. */
    static long micros(BigDecimal dollars) {
        if (dollars.signum() <= 0) {
            return 0;
        }
        BigDecimal micros = dollars.setScale(6, RoundingMode.CEILING).movePointRight(6);
        return micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : micros.longValueExact();
    }

    private static Finding finding(SpendRing.Burst burst, long budget, Budget declared, BigDecimal fraction,
                                   long window, long bucketMs) {
        BigDecimal spent = BigDecimal.valueOf(burst.micros(), 6);
        BigDecimal amount = BigDecimal.valueOf(budget, 6);
        BigDecimal share = spent.divide(amount, 20, RoundingMode.HALF_UP);
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("spent_usd", exact(spent));
        observed.put("window_seconds", Long.toString(window / SECOND_MS));
        observed.put("percent_of_budget", percent(share, fraction));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("budget_usd", exact(amount));
        baseline.put("threshold_usd", exact(amount.multiply(fraction)));
        String description = dollars(spent) + " spent in " + duration(window) + ", " + percent(share, fraction) + "%"
                + " of the " + periodName(declared.getPeriod()) + " budget of " + dollars(amount);
        double excess = BigDecimal.ONE.compareTo(fraction) <= 0 ? 1
                : share.subtract(fraction).doubleValue() / BigDecimal.ONE.subtract(fraction).doubleValue();
        return new Finding(Severity.high, Score.of(Severity.high, excess), description, observed, baseline,
                Instant.ofEpochMilli(burst.from() * bucketMs), Instant.ofEpochMilli((burst.to() + 1) * bucketMs),
                SUGGESTED_ACTION);
    }

    /** Exact, with at least the two decimals of cents: 460.00, 0.004512. */
    static String exact(BigDecimal dollars) {
        BigDecimal stripped = dollars.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2, RoundingMode.UNNECESSARY) : stripped).toPlainString();
    }

    /** For people: $1,460.00. */
    static String dollars(BigDecimal amount) {
        return String.format(Locale.ROOT, "$%,.2f", amount);
    }

    /**
     * The share as a percent: whole; two decimals when the whole percent would round onto (or under) the
     * threshold; all the decimals when even those would (450.000001 of 500 reads 90.0000002, never 90).
     */
    static String percent(BigDecimal share, BigDecimal fraction) {
        BigDecimal percent = share.movePointRight(2);
        BigDecimal threshold = fraction.movePointRight(2);
        for (int decimals : new int[] {0, 2}) {
            BigDecimal rounded = percent.setScale(decimals, RoundingMode.HALF_UP);
            if (rounded.compareTo(threshold) > 0) {
                return rounded.toPlainString();
            }
        }
        return percent.stripTrailingZeros().toPlainString();
    }

    /** {@code P1D} reads "daily", {@code P1M} "monthly"; any other period is named as written ("the P3D budget"). */
    static String periodName(String period) {
        String p = period == null ? "" : period.trim().toUpperCase(Locale.ROOT);
        try {
            Period date = Period.parse(p);
            if (date.equals(Period.ofDays(1))) {
                return "daily";
            }
            if (date.equals(Period.ofDays(7))) {
                return "weekly";
            }
            if (date.equals(Period.ofMonths(1))) {
                return "monthly";
            }
            if (date.equals(Period.ofYears(1))) {
                return "yearly";
            }
        } catch (RuntimeException notDateBased) {
            try {
                Duration time = Duration.parse(p);
                if (time.equals(Duration.ofHours(1))) {
                    return "hourly";
                }
                if (time.equals(Duration.ofDays(1))) {
                    return "daily";
                }
            } catch (RuntimeException notTimeBased) {
                return p;
            }
        }
        return p;
    }

    private static String duration(long millis) {
        if (millis % 60_000 == 0) {
            return (millis / 60_000) + " min";
        }
        return (millis / SECOND_MS) + " s";
    }
}
