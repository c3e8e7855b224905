package dev.vigil.cli.replay;

import dev.vigil.cli.Progress;
import dev.vigil.topology.rules.RuleSpec;
import java.util.List;
import dev.vigil.ingest.JsonLines;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.topology.TopologyConfig;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil replay EVENTS.jsonl [--agents PROFILES.jsonl] [--out ALERTS.jsonl]}: the detection topology over a
 * file, in event time, alerts written as JSON lines. Deterministic: the same input gives byte-identical output.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the detection topology over a file of events (JSON lines), in event time, and write the alerts as JSON lines.",
                "Events are fed in file order with occurredAt as their time, exactly as they would arrive from Kafka;",
                "a malformed line is reported with its number and skipped. Two runs over the same input write identical output."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "EVENTS.jsonl", description = "Events, one JSON object per line (DESIGN.md ingest format).")
    Path events;

    @Option(names = "--agents", paramLabel = "PROFILES.jsonl", description = "Agent profiles, one JSON object per line.")
    Path agents;

    @Option(names = "--out", paramLabel = "ALERTS.jsonl", description = "Where to write the alerts (default: standard output).")
    Path out;

    @Option(names = "--rules", paramLabel = "RULES.json",
            description = "Custom rules or overrides of built-in rules to apply from the start: one JSON object, an array, or JSON lines.")
    Path rules;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a detector setting, e.g. vigil.detect.velocity_spike.ratio=4.")
    Map<String, String> overrides = new LinkedHashMap<>();

    static void loadProfiles(Replay replay, Path agents, PrintWriter err) throws IOException {
        long loaded = 0;
        long rejected = 0;
        try (var lines = JsonLines.read(agents, ProfileJson::parse)) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                var line = it.next();
                if (line.error() != null) {
                    err.println(agents.getFileName() + " " + line.error());
                    rejected++;
                } else {
                    replay.profile(line.value());
                    loaded++;
                }
            }
        }
        err.printf("loaded %,d agent profiles%s%n", loaded, rejected > 0 ? " (" + rejected + " malformed lines skipped)" : "");
    }

    @Override
    public Integer call() throws Exception {
        requireExists(events);
        if (agents != null) {
            requireExists(agents);
        }
        TopologyConfig config = Replay.config(overrides);
        List<RuleSpec> ruleSpecs = rules == null ? List.of() : RuleFiles.read(rules);
        PrintWriter err = commandSpec.commandLine().getErr();
        try (Writer writer = out == null ? unclosable(commandSpec.commandLine().getOut())
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             Replay replay = new Replay(config, writer)) {
            if (agents != null) {
                loadProfiles(replay, agents, err);
            }
            ruleSpecs.forEach(replay::rule);
            if (!ruleSpecs.isEmpty()) {
                err.printf("applied %d rule(s): %s%n", ruleSpecs.size(), ruleSpecs.stream().map(RuleSpec::ruleId).toList());
            }
            long[] counts = replayEvents(replay, events, err);
            ReplaySummary summary = replay.finish();
            err.println(summary.describe(counts[0], counts[1]));
        }
        return 0;
    }

    /** Feeds every valid line of {@code events} to the replay; returns {valid, malformed} line counts. */
    static long[] replayEvents(Replay replay, Path events, PrintWriter err) throws IOException {
        Progress progress = new Progress(err, "replayed events", 0);
        long[] counts = new long[2];
        try (var lines = JsonLines.read(events, dev.vigil.ingest.EventJson::parse)) {
            lines.forEach(line -> {
                if (line.error() != null) {
                    err.println(events.getFileName() + " " + line.error());
                    counts[1]++;
                } else {
                    replay.event(line.value());
                    counts[0]++;
                    progress.update(counts[0]);
                }
            });
        }
        progress.finish(counts[0]);
        return counts;
    }

    /** Checked before --out is opened, so that a mistyped input does not truncate the alerts of an earlier run. */
    static void requireExists(Path file) throws NoSuchFileException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
    }

    /** Standard output belongs to the caller: finishing the replay flushes it but must not close it. */
    static Writer unclosable(Writer writer) {
        return new FilterWriter(writer) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
