package dev.vigil.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.cli.Cli;
import dev.vigil.ingest.AlertJson;
import dev.vigil.simulator.AttackLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil replay} over a simulated fleet: deterministic, every injected attack found, bad lines reported and skipped. */
class ReplayCommandTest {

    @TempDir
    static Path fleet;

    @TempDir
    Path dir;

    private static Path events;
    private static Path profiles;
    private static Path labels;

    @BeforeAll
    static void simulateASmallFleet() {
        events = fleet.resolve("events.jsonl");
        profiles = fleet.resolve("profiles.jsonl");
        labels = fleet.resolve("labels.jsonl");
        Cli.Result simulated = Cli.run("simulate", "--agents", "8", "--days", "1", "--seed", "7", "--attacks-per-kind", "2",
                "--attacks", "unknown_agent,scope_escalation,velocity_spike",
                "--out", events.toString(), "--profiles-out", profiles.toString(), "--labels-out", labels.toString());
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
    }

    @Test
    void twoRunsOverTheSameInputWriteIdenticalFiles() throws IOException {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");

        Cli.Result one = replay(events, first);
        Cli.Result two = replay(events, second);

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(Files.size(first)).isPositive();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void everyInjectedAttackIsAlertedAndEveryAlertIsAnInjectedAttack() throws IOException {
        Path alertsFile = dir.resolve("alerts.jsonl");

        Cli.Result result = replay(events, alertsFile);

        assertThat(result.exitCode()).as(result.err()).isZero();
        Set<String> expected = Files.readAllLines(labels).stream().filter(l -> !l.isBlank()).map(AttackLabel::fromJson)
                .map(label -> label.agentId() + " " + label.rule()).collect(Collectors.toSet());
        List<Alert> alerts = Files.readAllLines(alertsFile).stream().filter(l -> !l.isBlank()).map(AlertJson::parse).toList();
        Set<String> alerted = alerts.stream().map(alert -> alert.getAgentId() + " " + alert.getRuleId()).collect(Collectors.toSet());
        Set<String> attacked = expected.stream().map(key -> key.substring(0, key.indexOf(' '))).collect(Collectors.toSet());
        assertThat(expected).isNotEmpty();
        assertThat(alerted).as("(agent, rule) of the alerts").containsAll(expected);
        assertThat(alerts).as("a full-strength alert is on an attacked agent; another rule may see the same attack")
                .filteredOn(alert -> !alert.getCalibrating()).allSatisfy(alert -> assertThat(attacked).contains(alert.getAgentId()));
        assertThat(alerts).as("a calibrating alert (one day of history) is too")
                .allSatisfy(alert -> assertThat(attacked).contains(alert.getAgentId()));
        assertThat(result.err()).contains("replay: ").contains(alerts.size() + " alert records");
    }

    @Test
    void malformedLinesAreReportedByNumberAndNothingElseIsLost() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        String badTime = lines.get(0).replaceFirst("\"occurredAt\":\"[^\"]*\"", "\"occurredAt\":\"yesterday at noon\"")
                .replaceFirst("\"eventId\":\"[^\"]*\"", "\"eventId\":\"not-a-real-event\"");
        assertThat(badTime).contains("yesterday at noon").contains("not-a-real-event");
        lines.add(4, "{\"type\": \"authorization\", \"eventId\": ");
        lines.add(8, badTime);
        Path damaged = dir.resolve("damaged.jsonl");
        Files.write(damaged, lines);

        Cli.Result clean = replay(events, dir.resolve("clean-alerts.jsonl"));
        Cli.Result result = replay(damaged, dir.resolve("damaged-alerts.jsonl"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("damaged.jsonl line 5: ")
                .contains("damaged.jsonl line 9: field 'occurredAt'")
                .contains("2 malformed lines skipped");
        assertThat(result.err().lines().filter(l -> l.startsWith("damaged.jsonl line "))).hasSize(2);
        assertThat(clean.exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("damaged-alerts.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("clean-alerts.jsonl")));
    }

    @Test
    void withoutOutTheAlertsGoToStandardOutput() throws IOException {
        Path alertsFile = dir.resolve("alerts.jsonl");
        assertThat(replay(events, alertsFile).exitCode()).isZero();

        Cli.Result result = Cli.run("replay", events.toString(), "--agents", profiles.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(Files.readString(alertsFile));
    }

    @Test
    void aMissingEventsFileIsAnErrorThatLeavesAnEarlierOutputAlone() throws IOException {
        Path earlier = Files.writeString(dir.resolve("alerts.jsonl"), "{\"earlier\": true}\n");
        Path missing = dir.resolve("no-such-events.jsonl");

        Cli.Result result = replay(missing, earlier);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("no-such-events.jsonl");
        assertThat(earlier).hasContent("{\"earlier\": true}");
    }

    @Test
    void aMissingProfilesFileIsAnErrorNamingIt() {
        Cli.Result result = Cli.run("replay", events.toString(), "--agents", dir.resolve("no-profiles.jsonl").toString(),
                "--out", dir.resolve("alerts.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("no-profiles.jsonl");
    }

    @Test
    void aSettingOnTheCommandLineChangesTheDetection() throws IOException {
        Path alertsFile = dir.resolve("alerts.jsonl");

        Cli.Result result = Cli.run("replay", events.toString(), "--agents", profiles.toString(), "--out", alertsFile.toString(),
                "--set", "vigil.detect.velocity_spike.min-volume=100000");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Set<String> rules = Files.readAllLines(alertsFile).stream().map(AlertJson::parse).map(Alert::getRuleId).collect(Collectors.toSet());
        assertThat(rules).contains("unknown_agent", "scope_escalation").doesNotContain("velocity_spike");
    }

    @Test
    void aMistypedSettingIsRefusedByNameBeforeAnythingIsWritten() throws IOException {
        Path earlier = Files.writeString(dir.resolve("alerts.jsonl"), "{\"earlier\": true}\n");

        Cli.Result result = Cli.run("replay", events.toString(), "--agents", profiles.toString(), "--out", earlier.toString(),
                "--set", "vigil.detect.velocity_spike.ratoi=4");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("configuration error").contains("vigil.detect.velocity_spike.ratoi");
        assertThat(earlier).hasContent("{\"earlier\": true}");
    }

    @Test
    void aBadSettingValueIsRefusedByName() {
        Cli.Result result = Cli.run("replay", events.toString(), "--out", dir.resolve("alerts.jsonl").toString(),
                "--set", "vigil.detect.velocity_spike.ratio=0.5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.detect.velocity_spike.ratio");
    }

    private static Cli.Result replay(Path eventsFile, Path out) {
        return Cli.run("replay", eventsFile.toString(), "--agents", profiles.toString(), "--out", out.toString());
    }
}
