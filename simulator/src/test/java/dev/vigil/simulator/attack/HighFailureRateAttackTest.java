package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighFailureRateAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(HighFailureRateAttack.RULE, 25);

    @Test
    void isARunOfDeniedTokenRequestsForScopesTheAgentHolds() {
        for (Attack attack : ATTACKS) {
            assertThat(attack.events()).hasSizeBetween(HighFailureRateAttack.MIN_DENIED, HighFailureRateAttack.MAX_DENIED)
                    .allSatisfy(e -> {
                        assertThat(e.getOutcome()).isEqualTo(Outcome.denied);
                        AuthorizationPayload auth = (AuthorizationPayload) e.getPayload();
                        assertThat(auth.getAction()).isEqualTo(AuthorizationAction.token_request);
                        assertThat(host(attack).registeredScopes()).containsAll(auth.getScopes());
                    });
        }
    }

    @Test
    void liesInOneQuarterOfAnHourWhereItMakesOverThirtyPercentOfAtLeastTwentyRequestsFail() {
        for (Attack attack : ATTACKS) {
            long quarter = attack.start().toEpochMilli() / 900_000;
            double usualRequests = Habits.eventsPerHour(host(attack), BehaviourAttacks.RUN_START, attack.start()) / 4;
            int denied = attack.events().size();

            assertThat(attack.end().toEpochMilli() / 900_000).isEqualTo(quarter);
            assertThat(Duration.between(attack.start(), attack.end())).isBetween(Duration.ofMinutes(12), Duration.ofMinutes(14));
            assertThat(denied).isGreaterThan(20);
            assertThat(denied / (denied + usualRequests)).isGreaterThan(0.5);
        }
    }
}
