package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The run detection quality is measured on — {@code vigil simulate} with 200 agents, 14 days from its default start,
 * seed 42, five attacks of every kind from the first day on — streamed through the {@link RuleOracle} without
 * keeping the events: every label trips its rule, and nothing outside a label trips any rule. Prints how long the
 * generation took (not asserted: the machine may be busy).
 */
class EvaluationRunTest {

    private static final int AGENTS = 200;
    private static final long SEED = 42;
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));

    @Test
    void everyLabelTripsItsRuleAndNothingElseTripsAnything() {
        long began = System.nanoTime();
        Simulation simulation = FleetSimulator.generate(new SimulationSpec(AGENTS, START, END, SEED,
                START.plus(Duration.ofDays(1)), END, 5, FleetSimulator.attackKinds()));
        Map<String, AgentProfile> profiles = simulation.profiles().stream()
                .collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        RuleOracle oracle = new RuleOracle(profiles, TrafficChecks.cronBursts(FleetFactory.build(AGENTS, SEED)));
        long count = 0;
        for (Iterator<AgentEvent> it = simulation.events(); it.hasNext(); count++) {
            oracle.accept(it.next());
        }
        List<AttackLabel> labels = simulation.labels();
        System.out.printf("EvaluationRunTest: %d agents x 14 days, %d events, %d labels generated and judged in %.1f s%n",
                AGENTS, count, labels.size(), (System.nanoTime() - began) / 1e9);

        assertThat(labels).hasSize(5 * FleetSimulator.attackKinds().size());
        assertThat(TrafficChecks.outsideLabels(oracle.violations(), labels)).isEmpty();
        assertThat(labels).allSatisfy(l -> assertThat(oracle.violations()).as("%s", l).anyMatch(v ->
                v.rule().equals(l.rule()) && v.agentId().equals(l.agentId())
                        && !v.at().isBefore(l.start()) && !v.at().isAfter(l.end())));
    }
}
