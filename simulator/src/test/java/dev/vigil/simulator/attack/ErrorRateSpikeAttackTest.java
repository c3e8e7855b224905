package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.between;
import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.mostInAnyWindow;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRateSpikeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(ErrorRateSpikeAttack.RULE, 26);

    @Test
    void raisesAWholeClockHoursFailureRateFarAboveItsUsualAtLittleMoreThanItsUsualVolume() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            double usual = Habits.eventsPerHour(agent, BehaviourAttacks.RUN_START, attack.start());
            double usualRate = agent.failures().denied() + agent.failures().error();
            Instant hour = Instant.ofEpochSecond((attack.start().getEpochSecond() / 3600 + 1) * 3600);
            int failures = between(attack.events(), hour, hour.plus(Duration.ofHours(1))).size();
            double requests = failures + usual;
            double failed = failures + usual * usualRate;
            double z = (failed - requests * usualRate) / (Math.sqrt(requests * usualRate * (1 - usualRate)) + 1);

            assertThat(attack.end()).isAfter(hour.plus(Duration.ofHours(1)));
            assertThat(failures).as(attack.description()).isGreaterThanOrEqualTo(11);
            assertThat(failed / requests).isGreaterThan(0.15);
            assertThat(failed / requests / usualRate).isGreaterThan(3);
            assertThat(z).as("binomial deviations, plus one request, above its usual rate").isGreaterThan(3.5);
            assertThat(failures / usual).as("added volume").isLessThan(0.75);
        }
    }

    @Test
    void keepsAnyFifteenMinutesToThreeFailures() {
        for (Attack attack : ATTACKS) {
            assertThat(mostInAnyWindow(attack.events(), Duration.ofMinutes(15))).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void everyEventIsAFailedCallToAUsualToolThatMovedNothing() {
        for (Attack attack : ATTACKS) {
            assertThat(attack.events()).allSatisfy(e -> {
                assertThat(e.getOutcome()).isEqualTo(Outcome.error);
                ToolCallPayload call = (ToolCallPayload) e.getPayload();
                assertThat(call.getBytesRead()).isZero();
                assertThat(call.getBytesWritten()).isZero();
                assertThat(call.getRecords()).isZero();
            });
        }
    }
}
