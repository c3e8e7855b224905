package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegationAnomalyAttackTest {

    private static final List<Attack> ATTACKS = onEveryAgent(DelegationAnomalyAttack.RULE, 30);

    @Test
    void createsADozenOrMoreNewChildAgentsWithinOneClockHour() {
        for (Attack attack : ATTACKS) {
            List<String> created = delegations(attack).stream().filter(d -> d.getAction() == DelegationAction.create)
                    .map(DelegationPayload::getChildAgentId).toList();

            assertThat(created).hasSizeBetween(DelegationAnomalyAttack.MIN_CHILDREN, DelegationAnomalyAttack.MAX_CHILDREN)
                    .doesNotHaveDuplicates()
                    .allSatisfy(child -> assertThat(BehaviourAttacks.FLEET.byId()).as("a new agent").doesNotContainKey(child));
            assertThat(attack.end().getEpochSecond() / 3600).isEqualTo(attack.start().getEpochSecond() / 3600);
        }
    }

    @Test
    void inChurnEveryChildIsRevokedWithinThreeMinutesOfItsCreation() {
        List<Attack> churning = ATTACKS.stream()
                .filter(a -> delegations(a).stream().anyMatch(d -> d.getAction() == DelegationAction.revoke)).toList();

        assertThat(churning).isNotEmpty().hasSizeLessThan(ATTACKS.size());
        for (Attack attack : churning) {
            Map<String, Instant> createdAt = new HashMap<>();
            for (AgentEvent event : attack.events()) {
                DelegationPayload delegation = (DelegationPayload) event.getPayload();
                if (delegation.getAction() == DelegationAction.create) {
                    createdAt.put(delegation.getChildAgentId(), event.getOccurredAt());
                } else {
                    Instant created = createdAt.remove(delegation.getChildAgentId());
                    assertThat(created).isNotNull();
                    assertThat(Duration.between(created, event.getOccurredAt())).isBetween(Duration.ofSeconds(30), Duration.ofMinutes(3));
                }
            }
            assertThat(createdAt).as("every child revoked").isEmpty();
        }
    }

    private static List<DelegationPayload> delegations(Attack attack) {
        return attack.events().stream().map(e -> (DelegationPayload) e.getPayload()).toList();
    }
}
