package dev.vigil.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.cli.Cli;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.simulator.AttackLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesEventsProfilesAndLabelsThatTheirReadersAccept() throws IOException {
        Cli.Result result = simulate(7, "a");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<AgentProfile> profiles = lines(dir.resolve("a-profiles.jsonl")).stream().map(ProfileJson::parse).toList();
        List<AgentEvent> events = lines(dir.resolve("a-events.jsonl")).stream().map(EventJson::parse).toList();
        List<AttackLabel> labels = lines(dir.resolve("a-labels.jsonl")).stream().map(AttackLabel::fromJson).toList();

        assertThat(profiles).hasSize(8);
        assertThat(events).isNotEmpty();
        assertThat(labels).isNotEmpty();
        Set<String> agents = profiles.stream().map(AgentProfile::getAgentId).collect(Collectors.toSet());
        assertThat(events).filteredOn(e -> agents.contains(e.getAgentId())).isNotEmpty();
        assertThat(labels).allSatisfy(label -> assertThat(events)
                .anySatisfy(e -> assertThat(e.getAgentId()).isEqualTo(label.agentId())));
        assertThat(result.err()).contains("simulate: 8 agents x 1 days").contains(labels.size() + " injected attacks");
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        assertThat(simulate(7, "first").exitCode()).isZero();
        assertThat(simulate(7, "again").exitCode()).isZero();
        assertThat(simulate(8, "other").exitCode()).isZero();

        for (String file : List.of("events", "profiles", "labels")) {
            assertThat(Files.readAllBytes(dir.resolve("again-" + file + ".jsonl")))
                    .as(file).isEqualTo(Files.readAllBytes(dir.resolve("first-" + file + ".jsonl")));
        }
        assertThat(Files.readAllBytes(dir.resolve("other-events.jsonl")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("first-events.jsonl")));
        assertThat(Files.readAllBytes(dir.resolve("other-labels.jsonl")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("first-labels.jsonl")));
    }

    @Test
    void aShortRunSaysTheBehaviourAttacksAreLeftOut() {
        Cli.Result result = Cli.run("simulate", "--agents", "3", "--days", "2", "--attacks-per-kind", "0",
                "--out", dir.resolve("e.jsonl").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("too short for the attack kinds judged against a learned baseline")
                .contains("rate_spike").contains("cost_spike").contains("delegation_anomaly");
    }

    @Test
    void aTenDayRunHoldsBehaviourAttacksAfterTheCalibration() throws IOException {
        Cli.Result result = Cli.run("simulate", "--agents", "6", "--days", "10", "--attacks", "rate_spike,cost_spike",
                "--attacks-per-kind", "1", "--out", dir.resolve("e.jsonl").toString(),
                "--labels-out", dir.resolve("l.jsonl").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<AttackLabel> labels = lines(dir.resolve("l.jsonl")).stream().map(AttackLabel::fromJson).toList();
        assertThat(labels).extracting(AttackLabel::rule).containsExactlyInAnyOrder("rate_spike", "cost_spike");
        assertThat(labels).allSatisfy(label -> assertThat(label.start())
                .isAfterOrEqualTo(Instant.parse(SimulateCommand.DEFAULT_START).plus(Duration.ofDays(8))));
    }

    @Test
    void zeroAgentsIsABadArgumentNamedOnStderr() {
        Cli.Result result = Cli.run("simulate", "--agents", "0", "--days", "1", "--out", dir.resolve("e.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--agents");
        assertThat(dir.resolve("e.jsonl")).doesNotExist();
    }

    @Test
    void zeroDaysIsABadArgumentNamedOnStderr() {
        Cli.Result result = Cli.run("simulate", "--agents", "3", "--days", "0", "--out", dir.resolve("e.jsonl").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--days");
    }

    @Test
    void withoutOutTheUsageErrorNamesTheMissingOption() {
        Cli.Result result = Cli.run("simulate", "--agents", "3");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--out");
    }

    private Cli.Result simulate(long seed, String prefix) {
        return Cli.run("simulate", "--agents", "8", "--days", "1", "--seed", Long.toString(seed), "--attacks", "unknown_agent,scope_escalation,velocity_spike",
                "--out", dir.resolve(prefix + "-events.jsonl").toString(),
                "--profiles-out", dir.resolve(prefix + "-profiles.jsonl").toString(),
                "--labels-out", dir.resolve(prefix + "-labels.jsonl").toString());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    }
}
