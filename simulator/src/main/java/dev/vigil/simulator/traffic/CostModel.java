package dev.vigil.simulator.traffic;

import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.fleet.ModelHabit;
import dev.vigil.simulator.random.Rng;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one LLM call costs. Fleet receipts should average $0.08 with a 95th percentile of $0.45; no single
 * log-normal does both (keeping the mean at $0.08 bounds the spread far below that p95), so a call is a
 * mixture: mostly an everyday model around $0.024 (σ 0.7, mean ≈ $0.030), and in about one call in ten a heavy
 * model around $0.45 (σ 0.57, mean ≈ $0.53). Then mean ≈ 0.9 × 0.030 + 0.1 × 0.53 ≈ $0.080, and since everyday
 * calls almost never reach $0.45 while half the heavy ones do, P(cost > $0.45) ≈ 0.05. Tokens follow from the
 * target cost and the model's prices; the cost is then computed exactly from the tokens.
 */
public final class CostModel {

    static final double EVERYDAY_MEDIAN_USD = 0.0235;
    static final double EVERYDAY_SIGMA = 0.7;
    static final double HEAVY_MEDIAN_USD = 0.45;
    static final double HEAVY_SIGMA = 0.57;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** One call: the model, its tokens and what they cost, in dollars with scale 6. */
    public record Spend(Catalogue.Model model, long inputTokens, long outputTokens, BigDecimal costUsd) {
    }

    private CostModel() {
    }

    /** A call by an agent with these model habits. */
    public static Spend draw(ModelHabit habit, Rng rng) {
        return draw(habit, rng.chance(habit.heavyShare()), rng);
    }

    /** A call to the agent's heavy model or its everyday one, at a usual cost for it. */
    public static Spend draw(ModelHabit habit, boolean heavy, Rng rng) {
        return heavy
                ? spend(habit.heavy(), rng.logNormal(HEAVY_MEDIAN_USD, HEAVY_SIGMA))
                : spend(habit.everyday(), rng.logNormal(EVERYDAY_MEDIAN_USD, EVERYDAY_SIGMA));
    }

    /** The call to {@code model} whose tokens cost about {@code targetUsd}. */
    public static Spend spend(Catalogue.Model model, double targetUsd) {
        double usdPerInputToken = (model.inputPerMillion() + model.outputRatio() * model.outputPerMillion()) / 1e6;
        long input = Math.max(1, Math.round(targetUsd / usdPerInputToken));
        long output = Math.max(1, Math.round(input * model.outputRatio()));
        BigDecimal cost = price(model.inputPerMillion(), input).add(price(model.outputPerMillion(), output))
                .setScale(6, RoundingMode.HALF_UP);
        return new Spend(model, input, output, cost.signum() > 0 ? cost : new BigDecimal("0.000001"));
    }

    private static BigDecimal price(double perMillion, long tokens) {
        return BigDecimal.valueOf(perMillion).multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }
}
