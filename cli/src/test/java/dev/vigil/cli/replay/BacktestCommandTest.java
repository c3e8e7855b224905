package dev.vigil.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil backtest}: the alerts of one rule, equal to what a replay with that rule writes for it. */
class BacktestCommandTest {

    @TempDir
    static Path fleet;

    @TempDir
    Path dir;

    private static Path events;
    private static Path profiles;

    private static final String RULE = """
            {
              "ruleId": "busy-tools",
              "name": "Busy tools",
              "severity": "high",
              "enabled": false,
              "channels": ["sec"],
              "condition": {"eventTypes": ["tool_call"], "timeWindow": "15m", "threshold": 25}
            }
            """;

    @BeforeAll
    static void simulateASmallFleet() {
        events = fleet.resolve("events.jsonl");
        profiles = fleet.resolve("profiles.jsonl");
        Cli.Result simulated = Cli.run("simulate", "--agents", "10", "--days", "1", "--seed", "11", "--attacks-per-kind", "2",
                "--attacks", "velocity_spike,unknown_agent", "--out", events.toString(), "--profiles-out", profiles.toString(),
                "--labels-out", fleet.resolve("labels.jsonl").toString());
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
    }

    @Test
    void backtestAlertsEqualTheAlertsOfALiveReplayWithTheRule() throws IOException {
        Path rule = write("rule.json", RULE);
        Path backtested = dir.resolve("backtest.jsonl");
        Cli.Result backtest = Cli.run("backtest", "--rule", rule.toString(), "--events", events.toString(),
                "--agents", profiles.toString(), "--out", backtested.toString());
        assertThat(backtest.exitCode()).as(backtest.err()).isZero();

        Path enabled = write("enabled.json", RULE.replace("\"enabled\": false", "\"enabled\": true"));
        Path replayed = dir.resolve("replay.jsonl");
        Cli.Result replay = Cli.run("replay", events.toString(), "--agents", profiles.toString(), "--rules", enabled.toString(),
                "--out", replayed.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();

        List<String> live = Files.readAllLines(replayed).stream().filter(l -> l.contains("\"ruleId\":\"busy-tools\"")).toList();
        List<String> lines = Files.readAllLines(backtested);
        assertThat(lines).isNotEmpty().isEqualTo(live);
        assertThat(Files.readAllLines(replayed)).anyMatch(l -> l.contains("\"ruleId\":\"velocity_spike\""));
        assertThat(lines).allMatch(l -> l.contains("\"ruleVersion\":1") && l.contains("\"channels\":[\"sec\"]"));
        long agents = lines.stream().map(l -> l.replaceAll(".*\"agentId\":\"([^\"]+)\".*", "$1")).distinct().count();
        assertThat(backtest.out()).contains("backtest of busy-tools (version 1)").contains(lines.size() + " alert records")
                .contains(agents + " agents").contains("new alerts");
    }

    @Test
    void aBuiltInRuleWithOverriddenParametersBacktestsLikeItsReplay() throws IOException {
        Path rule = write("override.json", "{\"ruleId\": \"velocity_spike:loose\", \"parameters\": {\"ratio\": \"2\", \"min-volume\": 10}}");
        Path backtested = dir.resolve("backtest.jsonl");
        Cli.Result backtest = Cli.run("backtest", "--rule", rule.toString(), "--events", events.toString(),
                "--agents", profiles.toString(), "--out", backtested.toString());
        assertThat(backtest.exitCode()).as(backtest.err()).isZero();
        Path replayed = dir.resolve("replay.jsonl");
        assertThat(Cli.run("replay", events.toString(), "--agents", profiles.toString(), "--rules", rule.toString(),
                "--out", replayed.toString()).exitCode()).isZero();
        List<String> live = Files.readAllLines(replayed).stream().filter(l -> l.contains("\"ruleId\":\"velocity_spike\"")).toList();
        assertThat(Files.readAllLines(backtested)).isNotEmpty().isEqualTo(live);
        assertThat(backtest.out()).contains("overriding velocity_spike");
    }

    @Test
    void withoutOutTheAlertsGoToStandardOutputAndTheReportToStandardError() throws IOException {
        Path rule = write("rule.json", RULE.replace("25", "1000000"));
        Cli.Result backtest = Cli.run("backtest", "--rule", rule.toString(), "--events", events.toString());
        assertThat(backtest.exitCode()).as(backtest.err()).isZero();
        assertThat(backtest.out()).isEmpty();
        assertThat(backtest.err()).contains("it would not have fired");
    }

    @Test
    void anInvalidRuleIsRefusedNamingTheFieldAndTheReason() throws IOException {
        Path rule = write("bad.json", RULE.replace("\"timeWindow\": \"15m\"", "\"where\": \"event.tool > 3\""));
        Cli.Result result = Cli.run("backtest", "--rule", rule.toString(), "--events", events.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad.json").contains("condition.where").contains("CEL");
        Path lines = write("rules.jsonl", "{\"ruleId\": \"a\", \"name\": \"A\", \"condition\": {}}\n"
                + "{\"ruleId\": \"b\", \"name\": \"B\", \"condition\": {\"threshold\": 0}}\n");
        Cli.Result replay = Cli.run("replay", events.toString(), "--rules", lines.toString(), "--out", dir.resolve("x").toString());
        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err()).contains("rules.jsonl line 2").contains("condition.threshold");
        assertThat(dir.resolve("x")).doesNotExist();
        Cli.Result two = Cli.run("backtest", "--rule", lines.toString().replace("rules.jsonl", "rules.jsonl"),
                "--events", events.toString());
        assertThat(two.exitCode()).isEqualTo(2);
    }

    @Test
    void backtestNeedsExactlyOneRule() throws IOException {
        Path two = write("two.json", "[{\"ruleId\": \"a\", \"name\": \"A\", \"condition\": {}}, {\"ruleId\": \"b\", \"name\": \"B\", \"condition\": {}}]");
        Cli.Result result = Cli.run("backtest", "--rule", two.toString(), "--events", events.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("holds 2 rules");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
