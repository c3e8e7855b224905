package dev.vigil.simulator.attack;

import static dev.vigil.simulator.attack.BehaviourAttacks.CONTEXT;
import static dev.vigil.simulator.attack.BehaviourAttacks.FLEET;
import static dev.vigil.simulator.attack.BehaviourAttacks.KINDS;
import static dev.vigil.simulator.attack.BehaviourAttacks.RUN_START;
import static dev.vigil.simulator.attack.BehaviourAttacks.host;
import static dev.vigil.simulator.attack.BehaviourAttacks.mostInAnyWindow;
import static dev.vigil.simulator.attack.BehaviourAttacks.onEveryAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** What every behaviour attack kind promises, whatever its subject: timing, labels, determinism, the agent's own look. */
class BehaviourAttackKindsTest {

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void isRegisteredUnderItsRuleAndWaitsForTheAgentsCalibration(String kind) {
        assertThat(AttackCatalogue.names()).contains(kind);
        assertThat(AttackCatalogue.kind(kind).rule()).isEqualTo(kind);
        assertThat(FLEET.agents()).allSatisfy(agent -> assertThat(AttackCatalogue.kind(kind).needsCalibration(agent)).isTrue());
        assertThat(AttackCatalogue.kind(kind).needsHistory()).isTrue();
        assertThat(AttackPlanner.LEARNING).isEqualTo(Duration.ofDays(8));
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void findsASlotOnMostAgentsAfterCalibrationWhileTheAgentWorks(String kind) {
        List<Attack> attacks = onEveryAgent(kind, 1);

        assertThat(attacks).hasSizeGreaterThanOrEqualTo(FLEET.size() * 3 / 4);
        for (Attack attack : attacks) {
            Schedule schedule = host(attack).activity().schedule();
            assertThat(attack.start()).isAfterOrEqualTo(RUN_START.plus(Duration.ofDays(8)));
            assertThat(attack.end()).isBeforeOrEqualTo(CONTEXT.to());
            assertThat(attack.events()).allSatisfy(e -> assertThat(schedule.contains(e.getOccurredAt()))
                    .as("%s at %s inside %s", kind, e.getOccurredAt(), schedule).isTrue());
        }
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void theLabelRunsFromTheFirstEventToTheLastAndTheEventsAreInOrder(String kind) {
        for (Attack attack : onEveryAgent(kind, 2)) {
            List<AgentEvent> events = attack.events();
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).getOccurredAt()).isEqualTo(attack.start());
            assertThat(events.get(events.size() - 1).getOccurredAt()).isEqualTo(attack.end());
            assertThat(events).extracting(AgentEvent::getOccurredAt).isSorted();
            assertThat(events).allSatisfy(e -> assertThat(e.getAgentId()).isEqualTo(attack.agentId()));
            assertThat(attack.rule()).isEqualTo(kind);
            assertThat(attack.agentId()).isEqualTo(host(attack).agentId());
        }
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void theSameSeedPlansTheSameAttacksWithTheSameEventsAndAnotherSeedDoesNot(String kind) {
        List<Attack> first = onEveryAgent(kind, 3);
        List<Attack> again = onEveryAgent(kind, 3);
        List<Attack> other = onEveryAgent(kind, 4);

        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).start()).isEqualTo(first.get(i).start());
            assertThat(again.get(i).end()).isEqualTo(first.get(i).end());
            assertThat(again.get(i).description()).isEqualTo(first.get(i).description());
            assertThat(again.get(i).events()).isEqualTo(first.get(i).events());
        }
        assertThat(other.stream().map(Attack::start).toList()).isNotEqualTo(first.stream().map(Attack::start).toList());
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void itsEventsLookLikeTheAgentsOwnApartFromTheirSubject(String kind) {
        for (Attack attack : onEveryAgent(kind, 5)) {
            Agent agent = host(attack);
            Set<String> actions = agent.tools().stream().map(h -> h.action().tool() + " " + h.action().actionType())
                    .collect(Collectors.toSet());
            Set<String> resources = agent.tools().stream().flatMap(h -> h.resources().stream()).collect(Collectors.toSet());
            for (AgentEvent event : attack.events()) {
                assertThat(event.getTenantId()).isEqualTo(agent.tenantId());
                assertThat(event.getPrincipalId()).isIn(agent.principals());
                assertThat(event.getSourceIp()).isIn(agent.network().sourceIps());
                assertThat(event.getGeo().getCountry()).isEqualTo(agent.network().country());
                Object payload = event.getPayload();
                if (payload instanceof ToolCallPayload call) {
                    assertThat(call.getTool() + " " + call.getActionType()).isIn(actions);
                    assertThat(call.getResource()).isIn(resources);
                } else if (payload instanceof AuthorizationPayload auth) {
                    assertThat(agent.registeredScopes()).containsAll(auth.getScopes());
                } else if (payload instanceof ReceiptPayload receipt) {
                    assertThat(ReceiptSignatures.verify(event, Ed25519Keys.decodePublic(agent.signing().publicKey()))).isTrue();
                    if (!kind.equals("atypical_model")) {
                        assertThat(receipt.getModel()).isIn(agent.models().everyday().name(), agent.models().heavy().name());
                    }
                } else {
                    assertThat(kind).isEqualTo("delegation_anomaly");
                    assertThat(((DelegationPayload) payload).getDepth()).isEqualTo(1);
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.vigil.simulator.attack.BehaviourAttacks#KINDS")
    void leavesRoomForTheAgentsOwnTrafficUnderVelocitySpikesTwentyRequestsInFiveMinutes(String kind) {
        for (Attack attack : onEveryAgent(kind, 6)) {
            assertThat(mostInAnyWindow(attack.events(), Duration.ofMinutes(5))).as(attack.description()).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void aRunShorterThanTenDaysOffersNoneOfThemAndThePlannerCannotPlaceThem() {
        assertThat(dev.vigil.simulator.FleetSimulator.attackKindsFor(9)).isNotEmpty().doesNotContainAnyElementsOf(KINDS);
        assertThat(dev.vigil.simulator.FleetSimulator.attackKindsFor(10)).containsAll(KINDS);
        for (String kind : KINDS) {
            assertThatThrownBy(() -> AttackPlanner.plan(FLEET, RUN_START, RUN_START, RUN_START.plus(Duration.ofDays(8)), 1,
                    new TreeSet<>(List.of(kind)), 9)).as(kind).hasMessageContaining("could not place " + kind);
        }
    }

    @Test
    void aFortnightGetsEveryBehaviourKindInItsSecondWeek() {
        List<Attack> attacks = AttackPlanner.plan(FLEET, RUN_START, RUN_START.plus(Duration.ofDays(1)),
                RUN_START.plus(Duration.ofDays(14)), 5, new TreeSet<>(KINDS), 9);

        assertThat(attacks.stream().collect(Collectors.groupingBy(Attack::rule, Collectors.counting())))
                .containsOnlyKeys(KINDS).allSatisfy((rule, count) -> assertThat(count).isEqualTo(5));
        assertThat(attacks).allSatisfy(a -> assertThat(a.start()).isAfterOrEqualTo(RUN_START.plus(Duration.ofDays(8))));
    }
}
