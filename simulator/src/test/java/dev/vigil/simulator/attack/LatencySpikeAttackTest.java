package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySpikeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(LatencySpikeAttack.RULE, 27);

    @Test
    void theAgentsBusiestToolAnswersTenTimesSlowerThanAnyOfItsToolsForFifteenMinutesOrMore() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            ToolHabit busiest = Habits.busiest(agent);

            assertThat(Duration.between(attack.start(), attack.end())).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
            assertThat(attack.events()).hasSizeBetween(LatencySpikeAttack.MIN_CALLS, LatencySpikeAttack.MAX_CALLS)
                    .allSatisfy(e -> {
                        ToolCallPayload call = (ToolCallPayload) e.getPayload();
                        assertThat(call.getTool()).isEqualTo(busiest.action().tool());
                        assertThat(call.getActionType()).isEqualTo(busiest.action().actionType());
                        assertThat(call.getLatencyMs()).isGreaterThanOrEqualTo(Math.round(10 * busiest.latencyMedianMs()));
                        assertThat(call.getLatencyMs()).isGreaterThanOrEqualTo(Math.round(10 * Habits.slowestMedianLatencyMs(agent)));
                    });
        }
    }
}
