package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.between;
import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.mostInAnyWindow;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.simulator.fleet.Agent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptSurgeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(ReceiptSurgeAttack.RULE, 22);

    @Test
    void aWholeClockHourHoldsAHundredOrMoreReceiptsAgainstTheAgentsUsualFew() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            double usual = Habits.eventsPerHour(agent, BehaviourAttacks.RUN_START, attack.start()) * Habits.receiptShare(agent);
            Instant hour = Instant.ofEpochSecond((attack.start().getEpochSecond() / 3600 + 1) * 3600);
            int inHour = between(attack.events(), hour, hour.plus(Duration.ofHours(1))).size();

            assertThat(usual).as("a growing or cron agent's more").isBetween(1.0, 10.0);
            assertThat(inHour).as(attack.description()).isBetween(ReceiptSurgeAttack.MIN_PER_HOUR - 3, ReceiptSurgeAttack.MAX_PER_HOUR + 2);
            assertThat(inHour / usual).isGreaterThanOrEqualTo(10);
            assertThat(attack.end()).isAfter(hour.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void everyEventIsAnEverydayReceiptAndTheHourCostsAFewDollars() {
        for (Attack attack : ATTACKS) {
            Agent agent = host(attack);
            List<AgentEvent> events = attack.events();
            BigDecimal spent = events.stream().map(e -> ((ReceiptPayload) e.getPayload()).getCostUsd())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);

            assertThat(events).allSatisfy(e -> assertThat(((ReceiptPayload) e.getPayload()).getModel())
                    .isEqualTo(agent.models().everyday().name()));
            assertThat(spent).isLessThan(new BigDecimal("20"));
            assertThat(mostInAnyWindow(events, Duration.ofMinutes(5))).isLessThanOrEqualTo(11);
        }
    }
}
