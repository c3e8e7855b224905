package dev.vigil.simulator.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttackPlannerTest {

    private static final Fleet FLEET = FleetFactory.build(8, 3);
    private static final Instant FROM = Instant.parse("2025-03-03T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(7));

    @Test
    void attacksOnOneAgentAreAtLeastAnHourApart() {
        List<Attack> attacks = AttackPlanner.plan(FLEET, FROM, FROM, TO, 10, AttackCatalogue.names(), 5);
        Map<String, List<Attack>> byAgent = attacks.stream().collect(Collectors.groupingBy(Attack::agentId));

        assertThat(attacks).hasSize(30);
        assertThat(byAgent.values()).anySatisfy(list -> assertThat(list).hasSizeGreaterThan(1));
        byAgent.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(Duration.between(list.get(i - 1).end(), list.get(i).start())).isGreaterThanOrEqualTo(Duration.ofHours(1));
            }
        });
    }

    @Test
    void everyAttackHappensWhileItsHostWorks() {
        for (Attack attack : AttackPlanner.plan(FLEET, FROM, FROM, TO, 10, AttackCatalogue.names(), 5)) {
            var schedule = FLEET.agents().get(attack.hostNumber() - 1).activity().schedule();
            assertThat(schedule.contains(attack.start())).isTrue();
            assertThat(schedule.contains(attack.end())).isTrue();
        }
    }

    @Test
    void scriptsGiveTheSameEventsEveryTimeWithinTheAttacksSpan() {
        for (Attack attack : AttackPlanner.plan(FLEET, FROM, FROM, TO, 2, AttackCatalogue.names(), 5)) {
            assertThat(attack.events()).isEqualTo(attack.events());
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getOccurredAt()).isBetween(attack.start(), attack.end()));
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getAgentId()).isEqualTo(attack.agentId()));
        }
    }

    @Test
    void unknownAgentsGetFreshNumbersBeyondTheFleet() {
        List<Attack> attacks = AttackPlanner.plan(FLEET, FROM, FROM, TO, 4, new TreeSet<>(List.of("unknown_agent")), 5);

        assertThat(attacks).extracting(Attack::agentId).doesNotHaveDuplicates()
                .noneMatch(id -> FLEET.byId().containsKey(id))
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).isGreaterThan(FLEET.size()));
    }

    @Test
    void saysWhichAttackDidNotFit() {
        assertThatThrownBy(() -> AttackPlanner.plan(FLEET, FROM, FROM, FROM.plus(Duration.ofMinutes(20)), 1,
                new TreeSet<>(List.of("velocity_spike")), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("velocity_spike attack 1 of 1").hasMessageContaining("8 agents");
    }

    @Test
    void noAttacksAskedNoneGiven() {
        assertThat(AttackPlanner.plan(FLEET, FROM, FROM, TO, 0, AttackCatalogue.names(), 5)).isEmpty();
    }
}
