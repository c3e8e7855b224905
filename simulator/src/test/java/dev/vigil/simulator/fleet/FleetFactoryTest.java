package dev.vigil.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentProfile;
import dev.vigil.receipt.Ed25519Keys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetFactoryTest {

    private static final Fleet FLEET = FleetFactory.build(200, 11);
    private static final Set<String> ROLE_SCOPES = java.util.stream.Stream.of(
                    Catalogue.OFFICE_ROLES, Catalogue.BATCH_ROLES, Catalogue.WEEKEND_ROLES, Catalogue.ALWAYS_ON_ROLES)
            .flatMap(List::stream).flatMap(r -> r.scopes().stream()).collect(Collectors.toSet());

    @Test
    void profilesCarryTheRegistryContract() {
        for (AgentProfile profile : FLEET.profiles()) {
            assertThat(profile.getAgentId()).matches("did:web:agents\\.[a-z]+\\.example:[a-z-]+-\\d+")
                    .contains("agents." + profile.getTenantId() + ".example:" + profile.getName());
            assertThat(profile.getRegisteredScopes()).hasSizeBetween(4, 8).doesNotHaveDuplicates();
            assertThat(profile.getCalibrationDays()).isEqualTo(7);
            assertThat(profile.getMaxDelegationDepth()).isEqualTo(3);
            assertThat(profile.getBudget().getAmountUsd().scale()).isEqualTo(6);
            assertThat(profile.getBudget().getPeriod()).isEqualTo("P1D");
            assertThat(profile.getPublicKeys()).hasSize(1);
        }
        assertThat(FLEET.profiles()).extracting(AgentProfile::getAgentId).doesNotHaveDuplicates();
    }

    @Test
    void publicKeyInTheProfileIsTheAgentsSigningKey() {
        for (Agent agent : FLEET.agents()) {
            String published = agent.profile().getPublicKeys().get(agent.signing().keyId());
            assertThat(Ed25519Keys.decodePublic(published)).isEqualTo(agent.signing().keys().getPublic());
        }
        assertThat(FLEET.agents()).extracting(a -> a.signing().publicKey()).doesNotHaveDuplicates();
    }

    @Test
    void registeredScopesComeFromRolesAndNeverIncludeAnEscalationScope() {
        for (Agent agent : FLEET.agents()) {
            assertThat(agent.registeredScopes()).isSubsetOf(ROLE_SCOPES).doesNotContainAnyElementsOf(Catalogue.ESCALATION_SCOPES);
        }
        assertThat(ROLE_SCOPES).doesNotContainAnyElementsOf(Catalogue.ESCALATION_SCOPES);
    }

    @Test
    void everyRoleScopeHasAToolAndEveryToolUsedNeedsARegisteredScope() {
        Set<String> toolScopes = Catalogue.TOOL_ACTIONS.stream().map(Catalogue.ToolAction::scope).collect(Collectors.toSet());
        assertThat(toolScopes).containsAll(ROLE_SCOPES);
        for (Agent agent : FLEET.agents()) {
            assertThat(agent.tools()).isNotEmpty()
                    .allSatisfy(tool -> assertThat(agent.registeredScopes()).contains(tool.action().scope()));
        }
    }

    @Test
    void everyTenthAgentRunsAroundTheClockWithoutADeclaredWindow() {
        for (Agent agent : FLEET.agents()) {
            boolean alwaysOn = agent.number() % 10 == 3;
            assertThat(agent.activity().schedule().kind() == Schedule.Kind.ALWAYS_ON).as(agent.name()).isEqualTo(alwaysOn);
            assertThat(agent.profile().getOperatingWindow() == null).as(agent.name()).isEqualTo(alwaysOn);
        }
    }

    @Test
    void mostAgentsKeepOfficeHoursAndSomeRunAtNightOrAtWeekends() {
        Map<Schedule.Kind, Long> kinds = FLEET.agents().stream()
                .collect(Collectors.groupingBy(a -> a.activity().schedule().kind(), Collectors.counting()));

        assertThat(kinds.get(Schedule.Kind.OFFICE)).isGreaterThan(100);
        assertThat(kinds.get(Schedule.Kind.ALWAYS_ON)).isEqualTo(20);
        assertThat(kinds.get(Schedule.Kind.NIGHTLY_BATCH)).isBetween(10L, 50L);
        assertThat(kinds.get(Schedule.Kind.WEEKEND)).isBetween(5L, 40L);
        assertThat(FLEET.agents().stream().filter(a -> a.activity().schedule().kind() == Schedule.Kind.OFFICE)
                .filter(a -> a.activity().schedule().start().getHour() == 9 && a.activity().schedule().end().getHour() == 17)
                .count()).isGreaterThan(kinds.get(Schedule.Kind.OFFICE) / 2);
    }

    @Test
    void delegationsStayWithinATenantAndOneLevelDeep() {
        Map<String, Agent> byId = FLEET.byId();
        List<Agent> children = FLEET.agents().stream().filter(a -> a.parentAgentId() != null).toList();

        assertThat(children).isNotEmpty();
        for (Agent child : children) {
            Agent parent = byId.get(child.parentAgentId());
            assertThat(parent.tenantId()).isEqualTo(child.tenantId());
            assertThat(parent.parentAgentId()).isNull();
            assertThat(parent.children()).contains(child.agentId());
        }
    }

    @Test
    void networksHaveOneToThreeDistinctAddresses() {
        assertThat(FLEET.agents()).allSatisfy(a -> assertThat(a.network().sourceIps()).hasSizeBetween(1, 3).doesNotHaveDuplicates());
    }

    @Test
    void anAgentIsTheSameWhateverTheSizeOfTheFleet() {
        List<AgentProfile> small = FleetFactory.build(10, 11).profiles();

        assertThat(FLEET.profiles().subList(0, 10)).isEqualTo(small);
    }

    @Test
    void anotherSeedDrawsAnotherFleet() {
        assertThat(FleetFactory.build(10, 12).profiles()).isNotEqualTo(FleetFactory.build(10, 11).profiles());
    }
}
