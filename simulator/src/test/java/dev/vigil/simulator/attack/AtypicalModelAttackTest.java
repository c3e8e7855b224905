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
    void everyCallCostsTenTimesTheAgentsMeanAndOneAHundredTimes() {
        for (Attack attack : ATTACKS) {
            double typical = CostModel.meanUsd(host(attack).models());
            List<Double> factors = attack.events().stream().map(e -> cost(e) / typical).toList();

            assertThat(factors).as(attack.description()).allSatisfy(f -> assertThat(f).isGreaterThanOrEqualTo(10));
            assertThat(factors).anySatisfy(f -> assertThat(f).isGreaterThanOrEqualTo(100));
        }
    }

    @Test
    void staysFarBelowACostSpikeInAnyFiveMinutes() {
        for (Attack attack : ATTACKS) {
            List<AgentEvent> events = attack.events();
            for (AgentEvent first : events) {
                double window = events.stream().filter(e -> !e.getOccurredAt().isBefore(first.getOccurredAt())
                        && !e.getOccurredAt().isAfter(first.getOccurredAt().plus(Duration.ofMinutes(5))))
                        .mapToDouble(AtypicalModelAttackTest::cost).sum();
                assertThat(window).isLessThan(25);
            }
        }
    }

    private static double cost(AgentEvent event) {
        return ((ReceiptPayload) event.getPayload()).getCostUsd().doubleValue();
    }
}
