package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.fleet.ModelHabit;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final int SAMPLE = 200_000;

    @Test
    void fleetCostsAverageEightCentsWithNinetyFifthPercentileOfFortyFiveCents() {
        Rng habits = Rng.of(1, Purpose.AGENT);
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        double[] costs = new double[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            // A habit per draw, drawn as the fleet factory draws them, stands for a large fleet.
            ModelHabit habit = new ModelHabit(habits.pick(Catalogue.EVERYDAY_MODELS), habits.pick(Catalogue.HEAVY_MODELS),
                    habits.uniform(0.07, 0.13));
            costs[i] = CostModel.draw(habit, rng).costUsd().doubleValue();
        }
        Arrays.sort(costs);

        assertThat(Arrays.stream(costs).average().orElseThrow()).isCloseTo(0.08, within(0.08 * 0.15));
        assertThat(costs[(int) (SAMPLE * 0.95)]).isCloseTo(0.45, within(0.45 * 0.15));
    }

    @Test
    void costIsExactlyTheTokensAtTheModelsPricesWithSixDecimals() {
        Catalogue.Model model = new Catalogue.Model("openai", "gpt-4o", 2.50, 10.00, 0.12);
        CostModel.Spend spend = CostModel.spend(model, 0.05);

        BigDecimal expected = new BigDecimal("2.50").multiply(BigDecimal.valueOf(spend.inputTokens()))
                .add(new BigDecimal("10.00").multiply(BigDecimal.valueOf(spend.outputTokens())))
                .divide(BigDecimal.valueOf(1_000_000)).setScale(6, java.math.RoundingMode.HALF_UP);
        assertThat(spend.costUsd()).isEqualTo(expected);
        assertThat(spend.costUsd().scale()).isEqualTo(6);
        assertThat(spend.costUsd().doubleValue()).isCloseTo(0.05, within(0.0001));
        assertThat(spend.outputTokens()).isEqualTo(Math.round(spend.inputTokens() * 0.12));
    }

    @Test
    void aTinyCallStillCostsAMicroDollar() {
        CostModel.Spend spend = CostModel.spend(new Catalogue.Model("x", "tiny", 0.10, 0.10, 0.1), 1e-12);

        assertThat(spend.inputTokens()).isEqualTo(1);
        assertThat(spend.costUsd()).isEqualByComparingTo("0.000001");
    }

    @Test
    void heavyModelIsUsedAboutAsOftenAsTheHabitSays() {
        ModelHabit habit = new ModelHabit(Catalogue.EVERYDAY_MODELS.get(0), Catalogue.HEAVY_MODELS.get(0), 0.1);
        Rng rng = Rng.of(2, Purpose.TRAFFIC);
        long heavy = java.util.stream.IntStream.range(0, 50_000)
                .filter(i -> CostModel.draw(habit, rng).model().equals(habit.heavy())).count();

        assertThat(heavy / 50_000.0).isCloseTo(0.1, within(0.01));
    }
}
