package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.rules.ActiveRule;
import dev.vigil.topology.rules.CustomRule;
import dev.vigil.topology.rules.EventView;
import dev.vigil.topology.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticRulesTest {

    private static final int AGENTS = 40;
    private static final SyntheticFleet FLEET = new SyntheticFleet(AGENTS, 5);
    private static final List<AgentEvent> EVENTS = LongStream.range(0, 400).mapToObj(n -> FLEET.event(n, 400)).toList();

    private static List<ActiveRule> lookedAt(RuleSet rules, AgentEvent event) {
        List<ActiveRule> seen = new ArrayList<>();
        rules.forEachCandidate(new EventView(event), seen::add);
        return seen;
    }

    @Test
    void globalRulesAreLookedAtByEveryEvent() {
        RuleSet rules = RuleSet.of(SyntheticRules.of("global", 20, AGENTS));

        assertThat(EVENTS).allSatisfy(e -> assertThat(lookedAt(rules, e)).hasSize(20));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 40})
    void scopedRulesAreLookedAtOncePerEventWhateverTheirNumber(int count) {
        RuleSet rules = RuleSet.of(SyntheticRules.of("scoped", count, AGENTS));

        assertThat(EVENTS).allSatisfy(e -> assertThat(lookedAt(rules, e)).hasSize(1));
    }

    @Test
    void scopedRulesBeyondTheFleetNameAnAgentOutsideIt() {
        RuleSet rules = RuleSet.of(SyntheticRules.of("scoped", AGENTS + 5, AGENTS));

        assertThat(EVENTS).allSatisfy(e -> assertThat(lookedAt(rules, e)).hasSize(1));
        assertThat(((CustomRule) rules.specs().get("bench-rule-044")).condition().agentIds())
                .containsExactly(SyntheticFleet.agentId(AGENTS + 44));
    }

    @Test
    void rotatesAlertingCountingAndFilteringBodies() {
        List<CustomRule> rules = SyntheticRules.of("global", 10, AGENTS).stream().map(CustomRule.class::cast).toList();

        assertThat(rules.get(0).condition().threshold()).isEqualTo(3);
        assertThat(EVENTS.stream().filter(rules.get(0)::matches)).isNotEmpty();
        assertThat(EVENTS).allMatch(rules.get(1)::matches);
        assertThat(EVENTS).noneMatch(rules.get(2)::matches);
        assertThat(SyntheticRules.alerting(10)).isEqualTo(1);
        assertThat(SyntheticRules.alerting(100)).isEqualTo(10);
    }

    @Test
    void recordsAreKeyedByTheirBenchRuleIds() {
        List<RuleDefinition> records = SyntheticRules.records("scoped", 3, AGENTS);

        assertThat(records).extracting(RuleDefinition::getRuleId)
                .containsExactly("bench-rule-000", "bench-rule-001", "bench-rule-002")
                .allMatch(SyntheticRules::isBenchRule);
    }

    @Test
    void refusesAnUnknownShape() {
        assertThatThrownBy(() -> SyntheticRules.of("tenant", 1, AGENTS)).hasMessageContaining("[global, scoped]");
    }
}
