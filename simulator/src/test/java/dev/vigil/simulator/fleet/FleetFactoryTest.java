package dev.vigil.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Capability;
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
            if (agent.number() % 10 == 3) {
                assertThat(agent.activity().schedule().kind()).as(agent.name()).isEqualTo(Schedule.Kind.ALWAYS_ON);
                assertThat(agent.activity().cron()).as(agent.name()).isNull();
            }
            boolean declared = agent.activity().schedule().declared();
            assertThat(agent.profile().getOperatingWindow() == null).as(agent.name()).isEqualTo(!declared);
            if (agent.activity().schedule().kind() == Schedule.Kind.ALWAYS_ON) {
                assertThat(declared).as(agent.name()).isFalse();
            }
        }
    }

    @Test
    void mostAgentsKeepOfficeHoursAndSomeRunAtNightOrAtWeekends() {
        Map<Schedule.Kind, Long> kinds = FLEET.agents().stream().filter(a -> a.activity().cron() == null)
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
    void nightlyBatchAgentsDeclareANightWindowEveryDay() {
        List<Schedule> nightly = FLEET.agents().stream().map(a -> a.activity().schedule())
                .filter(s -> s.kind() == Schedule.Kind.NIGHTLY_BATCH).toList();
        assertThat(nightly).anySatisfy(s -> assertThat(s.end()).isBefore(s.start())).allSatisfy(s -> {
            assertThat(s.declared()).isTrue();
            assertThat(s.start().getHour()).isIn(22, 23, 0, 1, 2);
            assertThat(s.end().isBefore(s.start())).as("crosses midnight").isEqualTo(s.start().getHour() >= 22);
            assertThat(s.hoursPerOpening()).isBetween(4, 6);
            assertThat(s.days()).hasSize(7);
        });
    }

    @Test
    void someOfficeAndWeekendAgentsKeepTheirHoursWithoutDeclaringThem() {
        Map<Schedule.Kind, Long> undeclared = FLEET.agents().stream().map(a -> a.activity().schedule())
                .filter(s -> !s.declared() && s.kind() != Schedule.Kind.ALWAYS_ON)
                .collect(Collectors.groupingBy(Schedule::kind, Collectors.counting()));

        assertThat(undeclared.get(Schedule.Kind.OFFICE)).isBetween(10L, 40L);
        assertThat(undeclared.get(Schedule.Kind.WEEKEND)).isBetween(1L, 15L);
        assertThat(undeclared).doesNotContainKey(Schedule.Kind.NIGHTLY_BATCH);
    }

    @Test
    void aFewCronAgentsBurstEveryHourAroundTheClock() {
        List<Agent> cron = FLEET.agents().stream().filter(a -> a.activity().cron() != null).toList();
        assertThat(cron).hasSizeBetween(2, 15).allSatisfy(a -> {
            assertThat(a.activity().schedule().kind()).isEqualTo(Schedule.Kind.ALWAYS_ON);
            assertThat(a.activity().cron().size()).isBetween(35, 55);
            assertThat(a.activity().growthPerDay()).isZero();
            assertThat(a.principals()).singleElement().asString().startsWith("svc:");
        });
    }

    @Test
    void aShareOfAgentsGrowsThreeToFivePercentADay() {
        List<Agent> growing = FLEET.agents().stream().filter(a -> a.activity().growthPerDay() > 0).toList();
        assertThat(growing).hasSizeBetween(15, 50)
                .allSatisfy(a -> assertThat(a.activity().growthPerDay()).isBetween(0.03, 0.05));
        assertThat(growing.get(0).activity().growth(14)).isBetween(1.5, 2.0);
    }

    @Test
    void someAgentsRunTwoAddressesBehindOneGrantAndNoneMore() {
        List<Network> shared = FLEET.agents().stream().map(Agent::network).filter(Network::sharedGrant).toList();
        assertThat(shared).hasSizeBetween(20, 80).allSatisfy(n -> {
            assertThat(n.sourceIps()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(n.grantSlot(1)).isEqualTo(n.grantSlot(0));
            assertThat(n.ownsGrant(0)).isFalse();
            if (n.sourceIps().size() == 3) {
                assertThat(n.ownsGrant(2)).isTrue();
            }
        });
    }

    @Test
    void someAgentsUseDeleteOrAdminActionsAndEveryToolIsUsedOftenEnoughToBeSeenInTheFirstWeek() {
        Map<Capability, Long> highest = FLEET.agents().stream()
                .collect(Collectors.groupingBy(Agent::maxCapability, Collectors.counting()));
        assertThat(highest.get(Capability.admin)).isBetween(20L, 120L);
        assertThat(highest.get(Capability.delete)).isBetween(20L, 120L);
        assertThat(highest.get(Capability.write)).isGreaterThan(20L);
        assertThat(FLEET.agents()).allSatisfy(a -> assertThat(a.tools()).allSatisfy(t -> assertThat(t.weight()).isBetween(1.0, 4.0)));
    }

    @Test
    void someAgentsDeclareTheirCountryAndOthersNone() {
        long declaring = FLEET.agents().stream().filter(a -> !a.allowedCountries().isEmpty()).count();
        assertThat(declaring).isBetween(110L, 170L);
        assertThat(FLEET.agents()).allSatisfy(a -> assertThat(a.allowedCountries()).isIn(List.of(), List.of(a.network().country())));
        assertThat(Catalogue.FOREIGN_PLACES).noneMatch(f -> Catalogue.PLACES.stream().anyMatch(p -> p.country().equals(f.country())));
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
