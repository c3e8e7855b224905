package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of issue 2 — unknown_agent, scope_escalation, token_replay, delegation_depth — through what issue 3 added
 * around them: full strength during calibration, a late event still judged, the open alert surviving a restart.
 */
class RuleViolationLifecycleTest {

    private static final String AGENT = "did:web:agents.example.com:lifecycle";
    private static final String STRANGER = "did:web:agents.example.com:stranger";

    /** A rule, the agent whose events it judges, a profile to register (or none) and a violating event. */
    record Case(String rule, String agent, AgentProfile profile, BiFunction<String, Instant, AgentEvent> violation) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<Arguments> rules() {
        AgentProfile calibrating = AgentProfile.newBuilder(Events.profile(AGENT, List.of("repo:read")))
                .setCalibrationDays(7).build();
        return Stream.of(
                new Case("unknown_agent", STRANGER, calibrating, (id, at) -> Events.toolCall(id, STRANGER, at)),
                new Case("scope_escalation", AGENT, calibrating, (id, at) -> Events.authorization(id, AGENT, at, List.of("admin:*"))),
                new Case("token_replay", AGENT, calibrating, (id, at) -> Events.tokenUse(id, AGENT, at, "jti-1",
                        id.hashCode() % 2 == 0 ? "203.0.113.7" : "198.51.100.9")),
                new Case("delegation_depth", AGENT, calibrating, (id, at) -> Events.delegatedAuthorization(id, AGENT, at, 5))
        ).map(Arguments::of);
    }

    /** Sends violations until the rule has fired once, each a second apart from {@code from}; returns the alerts. */
    private static List<Alert> fire(TopologyHarness topology, Case c, Instant from, String prefix) {
        for (int i = 0; i < 4; i++) {
            topology.send(c.violation().apply(prefix + i, from.plusSeconds(i)));
        }
        return topology.alerts().stream().filter(a -> a.getRuleId().equals(c.rule())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void isFullStrengthDuringTheAgentsCalibration(Case c) {
        try (TopologyHarness topology = new TopologyHarness(TopologyHarness.only(c.rule()))) {
            topology.register(c.profile());
            topology.send(Events.toolCall("first", AGENT, T0));       // the agent's first event: calibration starts

            List<Alert> alerts = fire(topology, c, T0.plusSeconds(60), "v");

            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.getCalibrating()).isFalse();
                assertThat(a.getScore()).as("a certain violation scores the top of its band")
                        .isIn(39, 69, 89, 100);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void judgesALateEvent(Case c) {
        try (TopologyHarness topology = new TopologyHarness(TopologyHarness.only(c.rule()))) {
            topology.register(c.profile());
            topology.send(Events.toolCall("now", c.agent(), T0.plus(Duration.ofHours(1))));
            topology.alerts();

            fire(topology, c, T0, "late");                            // an hour behind the agent's newest: late

            assertThat(topology.counter("vigil.events.late")).isPositive();
            assertThat(topology.stateStore().get(c.agent()).openAlert(c.rule())).as("the late violations were judged")
                    .hasValueSatisfying(open -> assertThat(open.firstSeen()).isLessThanOrEqualTo(T0.plusSeconds(3).toEpochMilli()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theOpenAlertSurvivesARestartSoARepeatFoldsIntoIt(Case c) {
        TopologyHarness topology = new TopologyHarness(TopologyHarness.only(c.rule()));
        try {
            topology.register(c.profile());
            Alert opened = fire(topology, c, T0, "a").get(0);

            topology = topology.restart();
            List<Alert> afterRestart = fire(topology, c, T0.plus(Duration.ofHours(2)), "b");

            assertThat(afterRestart).as("re-emitted: more than the repeat interval later").isNotEmpty();
            assertThat(afterRestart).allSatisfy(a -> assertThat(a.getAlertId()).isEqualTo(opened.getAlertId()));
            assertThat(afterRestart.get(afterRestart.size() - 1).getOccurrences()).isGreaterThan(opened.getOccurrences());
        } finally {
            topology.close();
        }
    }
}
