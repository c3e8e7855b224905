package dev.vigil.cli.simulate;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.cli.Progress;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.simulator.AttackLabel;
import dev.vigil.simulator.FleetSimulator;
import dev.vigil.simulator.attack.AttackPlanner;
import dev.vigil.simulator.Simulation;
import dev.vigil.simulator.SimulationSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: realistic fleet traffic with labelled injected attacks, as JSON lines. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Generate realistic fleet traffic with labelled injected attacks, deterministic for a seed.",
                "Writes events (ingest JSON lines), agent profiles and attack labels (agent, expected rule, start, end)."})
public final class SimulateCommand implements Callable<Integer> {

    /** The default start is fixed, not "now", so that the same arguments always give the same files. A Monday. */
    static final String DEFAULT_START = "2026-01-05T00:00:00Z";

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--agents", description = "Number of agents (default ${DEFAULT-VALUE}).")
    int agents = 50;

    @Option(names = "--days", description = "Days of traffic (default ${DEFAULT-VALUE}).")
    int days = 2;

    @Option(names = "--out", required = true, paramLabel = "EVENTS.jsonl")
    Path out;

    @Option(names = "--profiles-out", paramLabel = "PROFILES.jsonl")
    Path profilesOut;

    @Option(names = "--labels-out", paramLabel = "LABELS.jsonl")
    Path labelsOut;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--start", description = "First instant, RFC 3339 (default ${DEFAULT-VALUE}).")
    Instant start = Instant.parse(DEFAULT_START);

    @Option(names = "--attacks-per-kind", description = "Injected attacks per kind (default ${DEFAULT-VALUE}).")
    int attacksPerKind = 5;

    @Option(names = "--attacks", split = ",", description = "Attack kinds to inject (default: all that fit the run: "
            + "kinds judged against a learned baseline need at least " + AttackPlanner.MIN_LEARNED_RUN_DAYS + " days). "
            + "Known: ${COMPLETION-CANDIDATES}")
    Set<String> attackKinds;

    @Override
    public Integer call() throws IOException {
        if (agents < 1 || days < 1) {
            throw new IllegalArgumentException("--agents and --days must be at least 1");
        }
        Instant end = start.plus(Duration.ofDays(days));
        Set<String> kinds = attackKinds;
        if (kinds == null) {
            kinds = FleetSimulator.attackKindsFor(days);
            if (kinds.size() < FleetSimulator.attackKinds().size()) {
                Set<String> skipped = new java.util.TreeSet<>(FleetSimulator.attackKinds());
                skipped.removeAll(kinds);
                commandSpec.commandLine().getErr().println("note: " + days + " days is too short for the attack kinds "
                        + "judged against a learned baseline (" + String.join(", ", skipped) + "); they need --days "
                        + AttackPlanner.MIN_LEARNED_RUN_DAYS + " or more");
            }
        }
        Instant attacksFrom = start.plus(Duration.ofHours(Math.min(24, days * 6L)));
        SimulationSpec spec = new SimulationSpec(agents, start, end, seed, attacksFrom, end, attacksPerKind, kinds);
        Simulation simulation = FleetSimulator.generate(spec);
        if (profilesOut != null) {
            try (Writer w = writer(profilesOut)) {
                for (AgentProfile profile : simulation.profiles()) {
                    w.write(ProfileJson.write(profile));
                    w.write('\n');
                }
            }
        }
        PrintWriter err = commandSpec.commandLine().getErr();
        long count = 0;
        Progress progress = new Progress(err, "simulated events", 0);
        try (Writer w = writer(out)) {
            for (Iterator<AgentEvent> it = simulation.events(); it.hasNext(); ) {
                w.write(EventJson.write(it.next()));
                w.write('\n');
                progress.update(++count);
            }
        }
        progress.finish(count);
        if (labelsOut != null) {
            try (Writer w = writer(labelsOut)) {
                for (AttackLabel label : simulation.labels()) {
                    w.write(label.toJson());
                    w.write('\n');
                }
            }
        }
        err.printf("simulate: %d agents x %d days from %s: %,d events, %d injected attacks%n",
                agents, days, start, count, simulation.labels().size());
        return 0;
    }

    private static Writer writer(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
    }
}
