package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkAccessAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(BulkAccessAttack.RULE, 28);

    @Test
    void movesTwentyTimesTheAgentsUsualQuarterHourOfBytesAndRecordsWithinOneQuarter() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            double callsPerQuarter = Habits.eventsPerHour(agent, BehaviourAttacks.RUN_START, attack.start()) / 4;
            double usualBytes = callsPerQuarter * Habits.largestMedianBytes(agent) * Math.exp(0.8 * 0.8 / 2);
            double usualRecords = callsPerQuarter * Habits.largestMedianRecords(agent) * Math.exp(0.7 * 0.7 / 2);
            List<ToolCallPayload> calls = attack.events().stream().map(e -> (ToolCallPayload) e.getPayload()).toList();
            long bytes = calls.stream().mapToLong(c -> c.getBytesRead() + c.getBytesWritten()).sum();
            long records = calls.stream().mapToLong(ToolCallPayload::getRecords).sum();

            assertThat(attack.end().toEpochMilli() / 900_000).isEqualTo(attack.start().toEpochMilli() / 900_000);
            assertThat(bytes / usualBytes).as(attack.description()).isGreaterThanOrEqualTo(20);
            assertThat(records / usualRecords).isGreaterThanOrEqualTo(20);
            assertThat(bytes).as("bulk in absolute terms").isGreaterThanOrEqualTo(24_000_000);
            assertThat(records).isGreaterThanOrEqualTo(12_000);
        }
    }

    @Test
    void readsWithTheAgentsReadToolsSoItsPayloadsStayOrdinary() {
        for (Attack attack : ATTACKS) {
            assertThat(attack.events()).hasSizeBetween(BulkAccessAttack.MIN_CALLS, BulkAccessAttack.MAX_CALLS)
                    .allSatisfy(e -> {
                        ToolCallPayload call = (ToolCallPayload) e.getPayload();
                        assertThat(e.getOutcome()).isEqualTo(Outcome.success);
                        assertThat(call.getCapability()).hasToString("read");
                        assertThat(call.getBytesWritten()).isZero();
                        assertThat(call.getPayloadBytes()).isLessThan(10_000);
                    });
        }
    }
}
