package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnusualPayloadSizeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(UnusualPayloadSizeAttack.RULE, 29);

    @Test
    void everyPayloadIsFiftyTimesTheMeanOfTheAgentsLargestPayloadTool() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            double largest = agent.tools().stream().mapToDouble(Habits::meanPayloadBytes).max().orElseThrow();

            assertThat(attack.events()).hasSizeBetween(UnusualPayloadSizeAttack.MIN_CALLS, UnusualPayloadSizeAttack.MAX_CALLS)
                    .allSatisfy(e -> assertThat(((ToolCallPayload) e.getPayload()).getPayloadBytes() / largest)
                            .as(attack.description()).isGreaterThanOrEqualTo(50));
        }
    }

    @Test
    void movesWhatTheToolUsuallyMoves() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            assertThat(attack.events()).allSatisfy(e -> {
                ToolCallPayload call = (ToolCallPayload) e.getPayload();
                ToolHabit habit = agent.tools().stream().filter(h -> h.action().actionType().equals(call.getActionType()))
                        .findFirst().orElseThrow();
                assertThat(call.getCapability()).hasToString("read");
                assertThat(habit).isEqualTo(Habits.busiestRead(agent));
                assertThat(call.getBytesRead() + call.getBytesWritten()).isLessThan(Math.round(20 * habit.bytesMedian()));
            });
        }
    }
}
