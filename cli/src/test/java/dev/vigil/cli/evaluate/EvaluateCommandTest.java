package dev.vigil.cli.evaluate;

import static dev.vigil.cli.evaluate.EvaluationFixtures.at;
import static dev.vigil.cli.evaluate.EvaluationFixtures.emission;
import static dev.vigil.cli.evaluate.EvaluationFixtures.json;
import static dev.vigil.cli.evaluate.EvaluationFixtures.label;
import static dev.vigil.cli.evaluate.EvaluationFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Cli;
import dev.vigil.simulator.AttackLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil evaluate} over hand-made files whose answers are known. */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    /**
     * Three rate_spike labels (two caught) and one cost_spike label (caught); a velocity alert on the third
     * rate_spike attack (so precision counts it and recall does not); one false cost alert; one calibrating alert.
     */
    private Path[] writeRun() throws IOException {
        List<AttackLabel> labels = List.of(label("a", "rate_spike", 0, 60), label("b", "rate_spike", 0, 60),
                label("c", "rate_spike", 0, 60), label("d", "cost_spike", 100, 104));
        List<Emission> alerts = List.of(emission("r1", "rate_spike", "a", 20), emission("r1", "rate_spike", "a", false, at(20), at(90), at(90)),
                emission("r2", "rate_spike", "b", 40), emission("v1", "velocity_spike", "c", 10),
                emission("c1", "cost_spike", "d", 101), emission("c2", "cost_spike", "e", 3000),
                emission("k1", "cost_spike", "f", true, at(-5000), at(-5000), at(-5000)));
        Path labelsFile = Files.write(dir.resolve("labels.jsonl"), labels.stream().map(AttackLabel::toJson).toList());
        Path alertsFile = Files.write(dir.resolve("alerts.jsonl"), alerts.stream().map(EvaluationFixtures::json).toList());
        Path profilesFile = Files.write(dir.resolve("profiles.jsonl"),
                Stream.of("a", "b", "c", "d", "e", "f", "g").map(agent -> profile(agent, 7)).toList());
        return new Path[] {labelsFile, alertsFile, profilesFile};
    }

    @Test
    void printsEachRulesFiguresAndTheOverallOnesBesideTheTargets() throws IOException {
        Path[] run = writeRun();

        Cli.Result result = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", run[1].toString(),
                "--agents", run[2].toString(), "--span", "14d");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("4 labels; 5 alerts after calibration and 1 calibrating (7 alert records)")
                .contains("7 agents (from profiles.jsonl), span 14d (--span): 7.0 agent-weeks after calibration");
        assertThat(row(result.out(), "rate_spike")).containsExactly("rate_spike", "3", "2", "0.667", "MISS", "2", "0", "1.000",
                "0.0000", "30m", "00s");
        assertThat(row(result.out(), "cost_spike")).containsExactly("cost_spike", "1", "1", "1.000", "2", "1", "0.500",
                "0.1429", "1m", "00s");
        assertThat(row(result.out(), "velocity_spike")).containsExactly("velocity_spike", "0", "0", "-", "1", "0", "1.000",
                "0.0000", "-");
        assertThat(row(result.out(), "overall")).containsExactly("overall", "4", "3", "0.750", "5", "1", "0.800", "MISS",
                "0.1429", "MISS", "20m", "00s");
        assertThat(result.out()).contains("targets missed:" + System.lineSeparator()
                        + "  recall of rate_spike is 0.667 (2 of 3 labels), below 0.95")
                .contains("  precision is 0.800 (4 of 5 alerts after calibration match a label)")
                .contains("  0.1429 false alerts per agent-week (1 over 7.0 agent-weeks)");
    }

    @Test
    void withoutAgentsItCountsTheAgentsOfTheLabelsAndAlertsAndSaysSo() throws IOException {
        Path[] run = writeRun();

        Cli.Result result = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", run[1].toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("6 agents (no --agents: the distinct agents in labels and alerts, 7 calibration days each)")
                .contains("span 6d (earliest to latest time in labels and alerts, rounded up to whole days)")
                .as("no agent has time after calibration in a 4-day span").contains(": 0.0 agent-weeks");
        assertThat(row(result.out(), "overall")).contains("-");
    }

    @Test
    void checkExitsOneWhenATargetIsMissedAndZeroWhenEveryTargetIsMet() throws IOException {
        Path[] run = writeRun();
        Path good = Files.write(dir.resolve("good-alerts.jsonl"), List.of(
                json(emission("r1", "rate_spike", "a", 5)), json(emission("r2", "rate_spike", "b", 5)),
                json(emission("r3", "rate_spike", "c", 5)), json(emission("c1", "cost_spike", "d", 100))));

        Cli.Result missed = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", run[1].toString(), "--check");
        Cli.Result met = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", good.toString(),
                "--agents", run[2].toString(), "--check");
        Cli.Result unchecked = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", run[1].toString());

        assertThat(missed.exitCode()).isEqualTo(1);
        assertThat(met.exitCode()).as(met.out() + met.err()).isZero();
        assertThat(met.out()).contains("all targets met");
        assertThat(unchecked.exitCode()).isZero();
    }

    @Test
    void aMalformedLineIsNamedWithItsFileAndNumberSkippedAndExitsTwo() throws IOException {
        Path[] run = writeRun();
        List<String> labelLines = new ArrayList<>(Files.readAllLines(run[0]));
        labelLines.add(1, labelLines.get(0).replace("\"start\":\"2026-01-13T10:00:00.000Z\"", "\"start\":\"at ten\""));
        Path labels = Files.write(dir.resolve("bad-labels.jsonl"), labelLines);
        List<String> alertLines = new ArrayList<>(Files.readAllLines(run[1]));
        alertLines.add(2, "{\"alertId\": ");
        Path alerts = Files.write(dir.resolve("bad-alerts.jsonl"), alertLines);
        assertThat(labelLines.get(1)).contains("at ten");

        Cli.Result result = Cli.run("evaluate", "--labels", labels.toString(), "--alerts", alerts.toString(), "--check");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad-labels.jsonl line 2: ").contains("'start'").contains("at ten")
                .contains("bad-alerts.jsonl line 3: ")
                .contains("2 malformed lines skipped (bad-labels.jsonl line 2, bad-alerts.jsonl line 3)");
        assertThat(result.out()).as("the rest is still evaluated").contains("4 labels; 5 alerts after calibration");
    }

    @Test
    void aMissingFileIsBadInputNamingIt() throws IOException {
        Path[] run = writeRun();

        Cli.Result result = Cli.run("evaluate", "--labels", run[0].toString(), "--alerts", dir.resolve("none.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("none.jsonl");
    }

    @Test
    void aWiderToleranceMatchesALateAlert() throws IOException {
        Path labels = Files.write(dir.resolve("labels.jsonl"), List.of(label("a", "latency_spike", 0, 10).toJson()));
        Path alerts = Files.write(dir.resolve("alerts.jsonl"), List.of(json(emission("l1", "latency_spike", "a", 100))));

        Cli.Result strict = Cli.run("evaluate", "--labels", labels.toString(), "--alerts", alerts.toString());
        Cli.Result lenient = Cli.run("evaluate", "--labels", labels.toString(), "--alerts", alerts.toString(), "--tolerance", "90m");

        assertThat(row(strict.out(), "latency_spike")).startsWith("latency_spike", "1", "0", "0.000", "MISS");
        assertThat(row(lenient.out(), "latency_spike")).startsWith("latency_spike", "1", "1", "1.000", "1", "0", "1.000");
        assertThat(lenient.out()).contains("up to 1h 30m after its end");
    }

    @Test
    void theHelpStatesTheDefinitions() {
        Cli.Result result = Cli.run("evaluate", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: vigil evaluate").contains("--labels").contains("--tolerance")
                .contains("recall       of rule R").contains("precision    alerts after calibration matching a label of ANY rule")
                .contains("Exit codes: 0; 1 with --check");
    }

    /** The whitespace-separated cells of the table row of {@code rule}. */
    private static List<String> row(String out, String rule) {
        return out.lines().filter(line -> line.startsWith(rule + " ")).findFirst()
                .map(line -> List.of(line.trim().split("\\s+"))).orElseThrow(() -> new AssertionError("no row " + rule + " in\n" + out));
    }
}
