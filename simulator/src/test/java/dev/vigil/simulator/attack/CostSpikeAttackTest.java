package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.simulator.fleet.Agent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostSpikeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(CostSpikeAttack.RULE, 23);
    /** The fleet's calls average $0.08 (CostModel); an agent that escalates most often averages under $0.10. */
    private static final double MOST_MEAN_COST_PER_CALL = 0.10;

    @Test
    void spendsOverFiftyDollarsWithinFiveMinutes() {
        for (Attack attack : ATTACKS) {
            assertThat(Duration.between(attack.start(), attack.end())).isLessThanOrEqualTo(Duration.ofMinutes(4));
            assertThat(spent(attack.events())).as(attack.description()).isGreaterThanOrEqualTo(new BigDecimal("59.9"));
        }
    }

    @Test
    void isThousandsOfTimesTheAgentsUsualFiveMinuteSpend() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            double usualPerFiveMinutes = Habits.eventsPerHour(agent, BehaviourAttacks.RUN_START, attack.start()) / 12 * Habits.receiptShare(agent) * MOST_MEAN_COST_PER_CALL;

            assertThat(spent(attack.events()).doubleValue() / usualPerFiveMinutes).isGreaterThan(1_000);
        }
    }

    @Test
    void isAFewCallsToTheAgentsEverydayModel() {
        for (Attack attack : ATTACKS) {
            assertThat(attack.events()).hasSizeBetween(CostSpikeAttack.MIN_CALLS, CostSpikeAttack.MAX_CALLS)
                    .allSatisfy(e -> assertThat(((ReceiptPayload) e.getPayload()).getModel())
                            .isEqualTo(host(attack).models().everyday().name()));
        }
    }

    private static BigDecimal spent(List<AgentEvent> events) {
        return events.stream().map(e -> ((ReceiptPayload) e.getPayload()).getCostUsd()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
