package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.traffic.CostModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtypicalModelAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(AtypicalModelAttack.RULE, 24);

    @Test
    void callsOneModelTheAgentNeverUses() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            List<String> models = attack.events().stream().map(e -> ((ReceiptPayload) e.getPayload()).getModel()).distinct().toList();

            assertThat(models).hasSize(1);
            assertThat(models.get(0)).isNotIn(agent.models().everyday().name(), agent.models().heavy().name());
            assertThat(attack.events()).hasSizeBetween(AtypicalModelAttack.MIN_CALLS, AtypicalModelAttack.MAX_CALLS);
        }
    }

    @Test
    void everyCallCostsTenTimesTheAgentsTypicalCallAndOneAHundredTimes() {
        for (Attack attack : ATTACKS) {
            double typical = CostModel.typicalUsd(host(attack).models());
            List<Double> factors = attack.events().stream().map(e -> cost(e) / typical).toList();

            assertThat(factors).as(attack.description()).allSatisfy(f -> assertThat(f).isGreaterThanOrEqualTo(10));
            assertThat(factors).anySatisfy(f -> assertThat(f).isGreaterThanOrEqualTo(100));
        }
    }

    @Test
    void spendsUnderFiveDollarsInAnyFiveMinutesSoItIsNoCostSpike() {
        for (Attack attack : ATTACKS) {
            List<AgentEvent> events = attack.events();
            for (AgentEvent first : events) {
                double window = events.stream().filter(e -> !e.getOccurredAt().isBefore(first.getOccurredAt())
                        && !e.getOccurredAt().isAfter(first.getOccurredAt().plus(Duration.ofMinutes(5))))
                        .mapToDouble(AtypicalModelAttackTest::cost).sum();
                assertThat(window).isLessThan(5);
            }
        }
    }

    @Test
    void comesAfterTheAgentMadeAHundredCallsOfItsOwn() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            assertThat(Habits.expectedEvents(agent, BehaviourAttacks.RUN_START, attack.start()) * Habits.receiptShare(agent))
                    .isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void theTypicalCostIsTheGeometricMeanOfTheAgentsCalls() {
        Agent agent = BehaviourAttacks.FLEET.agents().get(0);
        dev.vigil.simulator.random.Rng rng = dev.vigil.simulator.random.Rng.of(1, dev.vigil.simulator.random.Purpose.TRAFFIC);
        double logSum = 0;
        int calls = 200_000;
        for (int i = 0; i < calls; i++) {
            logSum += Math.log(CostModel.draw(agent.models(), rng).costUsd().doubleValue());
        }
        assertThat(Math.exp(logSum / calls)).isCloseTo(CostModel.typicalUsd(agent.models()), org.assertj.core.data.Percentage.withPercentage(3));
    }

    private static double cost(AgentEvent event) {
        return ((ReceiptPayload) event.getPayload()).getCostUsd().doubleValue();
    }
}
