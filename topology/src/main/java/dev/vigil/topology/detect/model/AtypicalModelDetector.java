package dev.vigil.topology.detect.model;

import dev.vigil.avro.AgentEvent;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code atypical_model} — a spend receipt for a model the agent never or rarely uses (under {@code rare-share},
 * default 2%, of its learned receipts, counting this one) that cost at least {@code ratio} (default
 * 10) times the agent's typical cost per call. Medium; high at {@code high-ratio} (default 100) times. Judged only
 * once {@code min-receipts} (default 50) receipts were learned, and never for a call under {@code min-cost}
 * (default $0.05), so that a one-cent call to a new model is not an alert.
 *
 * <p>Why these defaults: agents keep to one everyday model and escalate a tenth or so of their calls to one
 * expensive model, 10–30 times the price; both are above 2% of calls within a few days, so neither looks
 * atypical. What does is someone with the agent's key calling a model it never used, or a prompt change that
 * moved it to a far costlier one. The risk is an agent that has simply not yet used its expensive model: with
 * one escalation in ten calls or so, 50 calls without one happen to one or two agents in 200 (in the reference
 * simulation, during their calibration), hence the minimum; fewer would fire on many more, and more would leave
 * agents that work only at weekends unjudged for their first fortnight.
 *
 * <p>"Typical" is the geometric mean of the cost per call (the exponential of the running mean of its log, over
 * about {@value ModelHistory#HORIZON} receipts), rounded to the micro-dollar; all comparisons are on exact
 * decimals. Strictly "rare": a model at exactly 2% of the receipts (this one counted) is not rare. "At least":
 * exactly 10× fires.
 *
 * <p>Learning: every receipt is learned except those while the rule holds learning
 * ({@link DetectionContext#holdsLearning}) and, after calibration, one that fires, so an attacker's model never
 * becomes usual. During calibration a receipt that fires is learned too (unless held): calibration is when the
 * agent's usual models are established, and an agent whose expensive model first shows up then would otherwise
 * fire on it for ever. A late receipt is judged and learned like any other (it is one event, not a window).
 *
 * <p>State: {@link ModelHistory}, ≤ 170 bytes per agent.
 *
 * <p>Attack: ATLAS AML.T0034 (Cost Harvesting) — making a victim's ML service run expensive queries at its
 * expense, which is what calling a far costlier model on an agent's key does ("LLMjacking").
 */
public final class AtypicalModelDetector implements Detector {

    public static final Rule RULE = new Rule("atypical_model", "Atypical model", "spend", "AML.T0034");

    public static final Param<Integer> MIN_RECEIPTS = Param.integer(RULE.id(), "min-receipts", 50, 1, 1_000_000,
            "receipts learned before the rule judges (until then the agent's usual models are not known).");
    public static final Param<Double> RARE_SHARE = Param.number(RULE.id(), "rare-share", 0.02, 0.0, 1.0,
            "a model is atypical while its share of the agent's learned receipts, counting this one, is below this.");
    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 10.0, 1.0, 1_000_000.0,
            "fires (medium) when the call costs at least this many times the agent's typical cost per call.");
    public static final Param<Double> HIGH_RATIO = Param.number(RULE.id(), "high-ratio", 100.0, 1.0, 1_000_000.0,
            "high instead of medium at this many times the typical cost per call.");
    public static final Param<BigDecimal> MIN_COST = Param.money(RULE.id(), "min-cost", "0.05",
            "a call cheaper than this (USD) never fires, however atypical its model.");

    private static final double LOWEST_COST = 0.000001;
    private static final BigDecimal MICRO_DOLLAR = new BigDecimal("0.000001");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public boolean baseline() {
        return true;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_RECEIPTS, RARE_SHARE, RATIO, HIGH_RATIO, MIN_COST);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ReceiptPayload receipt)) {
            return Optional.empty();
        }
        ModelHistory history = context.state().section(ModelHistory.SECTION);
        String model = receipt.getProvider() + "/" + receipt.getModel();
        BigDecimal cost = receipt.getCostUsd();
        Optional<Finding> finding = judge(context, history, model, cost, event);
        long time = event.getOccurredAt().toEpochMilli();
        if ((finding.isEmpty() || context.calibrating()) && !context.holdsLearning(RULE, time)) {
            history.models.touch(model, time);
            history.logCost.add(Math.log(Math.max(cost.doubleValue(), LOWEST_COST)), ModelHistory.HORIZON);
        }
        return finding;
    }

    private static Optional<Finding> judge(DetectionContext context, ModelHistory history, String model,
                                           BigDecimal cost, AgentEvent event) {
        long learned = history.logCost.count();
        if (learned < context.param(MIN_RECEIPTS) || cost.compareTo(context.param(MIN_COST)) < 0) {
            return Optional.empty();
        }
        long uses = history.models.count(model);
        if (!isRare(uses, learned, context.param(RARE_SHARE))) {
            return Optional.empty();
        }
        BigDecimal typical = typical(history);
        double ratio = context.param(RATIO);
        double highRatio = Math.max(ratio, context.param(HIGH_RATIO));
        if (cost.compareTo(typical.multiply(BigDecimal.valueOf(ratio))) < 0) {
            return Optional.empty();
        }
        boolean high = cost.compareTo(typical.multiply(BigDecimal.valueOf(highRatio))) >= 0;
        BigDecimal times = cost.divide(typical, 2, RoundingMode.HALF_UP);
        Severity severity = high ? Severity.high : Severity.medium;
        double strength = high ? Math.log(times.doubleValue() / highRatio) / Math.log(10)
                : Math.log(times.doubleValue() / ratio) / Math.log(highRatio / ratio);
        return Optional.of(new Finding(severity, Score.of(severity, strength),
                description(model, cost, times, typical, uses, learned), observed(model, cost, times),
                baseline(typical, learned, uses), event.getOccurredAt(), event.getOccurredAt(), action(model)));
    }

    /**
     * True when the model's share of the receipts, counting this one, is below {@code rareShare}: (uses + 1) /
     * (learned + 1), compared exactly. Counting this receipt keeps a model seen once in 60 receipts from passing for
     * rare when it is one of the agent's regular ones caught early.
     */
    static boolean isRare(long uses, long learned, double rareShare) {
        return BigDecimal.valueOf(uses + 1).compareTo(BigDecimal.valueOf(rareShare).multiply(BigDecimal.valueOf(learned + 1))) < 0;
    }

    /** The geometric mean of the cost per call, to the micro-dollar (at least one). */
    static BigDecimal typical(ModelHistory history) {
        BigDecimal typical = BigDecimal.valueOf(Math.exp(history.logCost.mean())).setScale(6, RoundingMode.HALF_UP);
        return typical.signum() > 0 ? typical : MICRO_DOLLAR;
    }

    private static String description(String model, BigDecimal cost, BigDecimal times, BigDecimal typical, long uses,
                                      long learned) {
        String how = uses == 0 ? "a model the agent never used before"
                : "a model in " + uses + " of the agent's " + learned + " receipts ("
                        + BigDecimal.valueOf(uses * 100.0 / learned).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%)";
        return "receipt for " + model + ", " + how + ": $" + cost.toPlainString() + " for one call, "
                + timesText(times) + "× its typical $" + typical.toPlainString() + " per call";
    }

    static String timesText(BigDecimal times) {
        return times.setScale(times.compareTo(BigDecimal.valueOf(100)) >= 0 ? 0 : 1, RoundingMode.HALF_UP).toPlainString();
    }

    private static Map<String, String> observed(String model, BigDecimal cost, BigDecimal times) {
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("model", model);
        observed.put("cost_usd", cost.toPlainString());
        observed.put("ratio", times.toPlainString());
        return observed;
    }

    private static Map<String, String> baseline(BigDecimal typical, long learned, long uses) {
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("typical_cost_usd", typical.toPlainString());
        baseline.put("receipts", Long.toString(learned));
        baseline.put("model_receipts", Long.toString(uses));
        return baseline;
    }

    private static String action(String model) {
        return "Check who switched the agent to " + model + " (a changed prompt or configuration, or someone else "
                + "using its API key); restrict the key to the agent's usual models";
    }
}
