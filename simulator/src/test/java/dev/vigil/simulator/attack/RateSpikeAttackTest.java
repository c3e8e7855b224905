package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.between;
import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.mostInAnyWindow;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.ToolCallPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSpikeAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(RateSpikeAttack.RULE, 21);

    @Test
    void aWholeClockHourHoldsFiveTimesTheAgentsUsualHourOnTopOfItOrTheCap() {
        for (Attack attack : ATTACKS) {
            double usual = Habits.eventsPerHour(host(attack), BehaviourAttacks.RUN_START, attack.start());
            Instant hour = Instant.ofEpochSecond((attack.start().getEpochSecond() / 3600 + 1) * 3600);
            int inHour = between(attack.events(), hour, hour.plus(Duration.ofHours(1))).size();

            assertThat(attack.start()).isBefore(hour);
            assertThat(attack.end()).isAfter(hour.plus(Duration.ofHours(1)));
            assertThat((double) inHour).as(attack.description())
                    .isGreaterThanOrEqualTo(Math.min(5 * usual, RateSpikeAttack.MAX_PER_HOUR) - 3);
            assertThat((inHour + usual) / usual).as("even for a busy cron agent").isGreaterThanOrEqualTo(3.15);
            assertThat(inHour).isBetween(RateSpikeAttack.MIN_PER_HOUR - 3, RateSpikeAttack.MAX_PER_HOUR + 2);
        }
    }

    @Test
    void isSustainedAtAnEvenPaceRatherThanABurst() {
        for (Attack attack : ATTACKS) {
            assertThat(mostInAnyWindow(attack.events(), Duration.ofMinutes(5))).as(attack.description()).isLessThanOrEqualTo(11);
            assertThat(Duration.between(attack.start(), attack.end())).isBetween(Duration.ofMinutes(64), Duration.ofMinutes(70));
        }
    }

    @Test
    void asksForTokensAndCallsToolsWithoutSpendingOrFailing() {
        for (Attack attack : ATTACKS) {
            List<AgentEvent> events = attack.events();
            long calls = events.stream().filter(e -> e.getPayload() instanceof ToolCallPayload).count();
            long authorizations = events.stream().filter(e -> e.getPayload() instanceof AuthorizationPayload).count();

            assertThat(calls + authorizations).isEqualTo(events.size());
            assertThat(authorizations).isGreaterThan(calls);
            assertThat(events).filteredOn(e -> e.getPayload() instanceof AuthorizationPayload)
                    .allSatisfy(e -> assertThat(e.getOutcome()).hasToString("success"));
        }
    }
}
