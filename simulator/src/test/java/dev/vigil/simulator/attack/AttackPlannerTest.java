package dev.vigil.simulator.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttackPlannerTest {

    private static final Fleet SMALL = FleetFactory.build(8, 3);
    private static final Fleet FLEET = FleetFactory.build(60, 3);
    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant WEEK = FROM.plus(Duration.ofDays(7));
    private static final Instant FORTNIGHT = FROM.plus(Duration.ofDays(14));
    private static final TreeSet<String> DEMO = new TreeSet<>(List.of("scope_escalation", "unknown_agent", "velocity_spike"));
    private static final Set<String> ALWAYS_LEARNED = Set.of("capability_escalation", "new_tool_usage", "new_principal");

    @Test
    void attacksOnOneAgentAreAtLeastAnHourApartAndNeverOfTheSameKind() {
        List<Attack> attacks = AttackPlanner.plan(FLEET, FROM, FROM, FORTNIGHT, 4, AttackCatalogue.names(), 5);
        Map<String, List<Attack>> byAgent = attacks.stream().collect(Collectors.groupingBy(Attack::agentId));

        assertThat(attacks).hasSize(4 * AttackCatalogue.names().size());
        assertThat(byAgent.values()).anySatisfy(list -> assertThat(list).hasSizeGreaterThan(1));
        byAgent.values().forEach(list -> {
            for (int i = 1; i < list.size(); i++) {
                assertThat(Duration.between(list.get(i - 1).end(), list.get(i).start())).isGreaterThanOrEqualTo(Duration.ofHours(1));
            }
            assertThat(list).extracting(Attack::rule).doesNotHaveDuplicates();
        });
    }

    @Test
    void everyAttackButOffHoursHappensWhileItsHostWorksAndAfterItsFirstWorkingHour() {
        for (Attack attack : AttackPlanner.plan(FLEET, FROM, FROM, FORTNIGHT, 4, AttackCatalogue.names(), 5)) {
            var schedule = host(attack).activity().schedule();
            boolean inside = !attack.rule().equals("off_hours_activity");
            assertThat(schedule.contains(attack.start())).as("%s", attack.description()).isEqualTo(inside);
            assertThat(schedule.contains(attack.end())).as("%s", attack.description()).isEqualTo(inside);
            assertThat(attack.start()).isAfterOrEqualTo(schedule.firstOpening(FROM).orElseThrow().plus(Duration.ofHours(1)));
        }
    }

    @Test
    void kindsThatNeedACalibratedHostStartEightDaysInAndAWeekAfterTheHostsFirstHour() {
        TreeSet<String> learned = new TreeSet<>(List.of("capability_escalation", "geo_anomaly", "new_principal",
                "new_tool_usage", "off_hours_activity"));
        List<Attack> attacks = AttackPlanner.plan(FleetFactory.build(200, 3), FROM, FROM, FORTNIGHT, 12, learned, 5);
        Fleet fleet = FleetFactory.build(200, 3);
        long early = 0;
        for (Attack attack : attacks) {
            Agent host = fleet.agents().get(attack.hostNumber() - 1);
            boolean waits = AttackCatalogue.kind(attack.rule()).needsCalibration(host);
            assertThat(waits).isEqualTo(ALWAYS_LEARNED.contains(attack.rule())
                    || attack.rule().equals("off_hours_activity") && !host.activity().schedule().declared()
                    || attack.rule().equals("geo_anomaly") && host.allowedCountries().isEmpty());
            if (waits) {
                Instant first = host.activity().schedule().firstOpening(FROM).orElseThrow();
                assertThat(attack.start()).isAfterOrEqualTo(FROM.plus(AttackPlanner.LEARNING))
                        .isAfterOrEqualTo(first.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)));
            } else if (attack.start().isBefore(FROM.plus(AttackPlanner.LEARNING))) {
                early++;
            }
        }
        assertThat(early).as("attacks on declared windows and countries need no calibration").isPositive();
        for (String kind : List.of("off_hours_activity", "geo_anomaly")) {
            assertThat(attacks.stream().filter(a -> a.rule().equals(kind)).map(a -> AttackCatalogue.kind(kind)
                    .needsCalibration(fleet.agents().get(a.hostNumber() - 1))).distinct())
                    .as("%s hits agents with and without a declaration", kind).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void aWeekIsTooShortForKindsThatNeedACalibratedHost() {
        for (String kind : ALWAYS_LEARNED) {
            assertThatThrownBy(() -> AttackPlanner.plan(FLEET, FROM, FROM, WEEK, 1, new TreeSet<>(List.of(kind)), 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not place " + kind);
        }
    }

    @Test
    void scriptsGiveTheSameEventsEveryTimeWithinTheAttacksSpan() {
        for (Attack attack : AttackPlanner.plan(FLEET, FROM, FROM, FORTNIGHT, 2, AttackCatalogue.names(), 5)) {
            assertThat(attack.events()).isEqualTo(attack.events());
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getOccurredAt()).isBetween(attack.start(), attack.end()));
            assertThat(attack.events()).allSatisfy(e -> assertThat(e.getAgentId()).isEqualTo(attack.agentId()));
            assertThat(attack.events().get(0).getOccurredAt()).isEqualTo(attack.start());
            assertThat(attack.events().get(attack.events().size() - 1).getOccurredAt()).isEqualTo(attack.end());
        }
    }

    @Test
    void unknownAgentsGetFreshNumbersBeyondTheFleet() {
        List<Attack> attacks = AttackPlanner.plan(SMALL, FROM, FROM, WEEK, 4, new TreeSet<>(List.of("unknown_agent")), 5);

        assertThat(attacks).extracting(Attack::agentId).doesNotHaveDuplicates()
                .noneMatch(id -> SMALL.byId().containsKey(id))
                .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).isGreaterThan(SMALL.size()));
    }

    @Test
    void saysWhichAttackDidNotFit() {
        assertThatThrownBy(() -> AttackPlanner.plan(SMALL, FROM, FROM, FROM.plus(Duration.ofMinutes(20)), 1,
                new TreeSet<>(List.of("velocity_spike")), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("velocity_spike attack 1 of 1").hasMessageContaining("8 agents");
    }

    @Test
    void aSmallFleetHoldsTheDemoKinds() {
        assertThat(AttackPlanner.plan(SMALL, FROM, FROM, WEEK, 3, DEMO, 5)).hasSize(9);
    }

    @Test
    void noAttacksAskedNoneGiven() {
        assertThat(AttackPlanner.plan(SMALL, FROM, FROM, WEEK, 0, AttackCatalogue.names(), 5)).isEmpty();
    }

    private static Agent host(Attack attack) {
        return FLEET.agents().get(attack.hostNumber() - 1);
    }
}
