package dev.vigil.cli.replay;

import dev.vigil.avro.Alert;
import dev.vigil.topology.Detectors;
import dev.vigil.topology.TopologyConfig;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.rules.CustomRule;
import dev.vigil.topology.rules.RuleOverride;
import dev.vigil.topology.rules.RuleSpec;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil backtest --rule RULE.json --events EVENTS.jsonl [--agents PROFILES.jsonl]}: what a rule would have
 * caught. It is {@code vigil replay} with the rule published before the first event and every other rule switched
 * off — the same topology, windows and alert folding as a live run — so its alerts are exactly the ones a replay with
 * that rule writes for it. For an override of a built-in rule, that built-in rule runs with the override applied.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run one rule (a custom rule, or an override of a built-in rule) over a file of events and report",
                "how often it would have fired, per agent and per day, and the alerts it would have raised (JSON lines).",
                "The alerts go to --out, or to standard output with the report on standard error."})
public final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--rule", required = true, paramLabel = "RULE.json",
            description = "The rule: the JSON of POST /v1/rules (one object).")
    Path rule;

    @Option(names = "--events", required = true, paramLabel = "EVENTS.jsonl", description = "Events, one JSON object per line.")
    Path events;

    @Option(names = "--agents", paramLabel = "PROFILES.jsonl", description = "Agent profiles, one JSON object per line.")
    Path agents;

    @Option(names = "--out", paramLabel = "ALERTS.jsonl", description = "Where to write the alerts (default: standard output).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a detector setting, as for replay.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        ReplayCommand.requireExists(events);
        if (agents != null) {
            ReplayCommand.requireExists(agents);
        }
        List<RuleSpec> specs = RuleFiles.read(rule);
        if (specs.size() != 1) {
            throw new IllegalArgumentException(rule.getFileName() + ": holds " + specs.size()
                    + " rules; backtest takes one (use replay --rules for several)");
        }
        RuleSpec spec = enabled(specs.get(0));
        String alertRule = spec instanceof RuleOverride o ? o.builtIn() : spec.ruleId();
        TopologyConfig config = Replay.config(onlyThisRule(alertRule));
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter report = out == null ? err : stdout;
        Fires fires = new Fires();
        long[] counts;
        try (Writer writer = out == null ? ReplayCommand.unclosable(stdout) : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             Replay replay = new Replay(config, writer)) {
            replay.onAlert(fires::add);
            if (agents != null) {
                ReplayCommand.loadProfiles(replay, agents, err);
            }
            replay.rule(spec);
            counts = ReplayCommand.replayEvents(replay, events, err);
            replay.finish();
        }
        fires.print(report, spec, alertRule, counts[0]);
        return 0;
    }

    /** A custom rule is backtested as if switched on: seeing what it would catch comes before switching it on. */
    private static RuleSpec enabled(RuleSpec spec) {
        if (spec instanceof CustomRule r && !r.enabled()) {
            return new CustomRule(r.ruleId(), r.version(), r.name(), r.description(), r.severity(), true, r.channels(),
                    r.condition());
        }
        return spec;
    }

    /** The user's --set keys, plus every built-in rule but {@code ruleId} switched off (a custom rule: all of them). */
    private Map<String, String> onlyThisRule(String ruleId) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Detector detector : Detectors.builtIn()) {
            if (!detector.ruleId().equals(ruleId)) {
                settings.put(Parameters.enabled(detector.ruleId()).configKey(), "false");
            }
        }
        settings.putAll(overrides);
        return settings;
    }

    /** Alerts written, per agent and per UTC day of detection: records (first emissions and repeats) and new alerts. */
    private static final class Fires {
        private final Map<String, Map<LocalDate, long[]>> byAgent = new TreeMap<>();
        private final Set<String> alertIds = new HashSet<>();

        void add(Alert alert) {
            LocalDate day = LocalDate.ofInstant(alert.getDetectedAt(), ZoneOffset.UTC);
            long[] n = byAgent.computeIfAbsent(alert.getAgentId(), a -> new TreeMap<>()).computeIfAbsent(day, d -> new long[2]);
            n[0]++;
            if (alertIds.add(alert.getAlertId())) {
                n[1]++;
            }
        }

        void print(PrintWriter out, RuleSpec spec, String alertRule, long events) {
            long records = byAgent.values().stream().flatMap(m -> m.values().stream()).mapToLong(n -> n[0]).sum();
            out.printf(Locale.ROOT, "backtest of %s (version %d%s) over %,d events: %,d new alerts, %,d alert records, %d agents%n",
                    spec.ruleId(), spec.version(), alertRule.equals(spec.ruleId()) ? "" : ", overriding " + alertRule,
                    events, alertIds.size(), records, byAgent.size());
            if (byAgent.isEmpty()) {
                out.println("it would not have fired");
                out.flush();
                return;
            }
            int width = Math.max(5, byAgent.keySet().stream().mapToInt(String::length).max().orElse(0));
            String row = "%-" + width + "s  %-10s  %10s  %10s%n";
            out.printf(Locale.ROOT, row, "agent", "day", "new alerts", "records");
            byAgent.forEach((agent, days) -> days.forEach((day, n) ->
                    out.printf(Locale.ROOT, row, agent, day, n[1], n[0])));
            out.flush();
        }
    }
}
