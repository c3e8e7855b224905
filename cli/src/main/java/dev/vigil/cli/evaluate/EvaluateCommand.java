package dev.vigil.cli.evaluate;

import dev.vigil.avro.AgentProfile;
import dev.vigil.cli.DurationConverter;
import dev.vigil.ingest.AlertJson;
import dev.vigil.ingest.IngestException;
import dev.vigil.ingest.JsonLines;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.simulator.AttackLabel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil evaluate --labels LABELS.jsonl --alerts ALERTS.jsonl [--agents PROFILES.jsonl] [--tolerance 1h]
 * [--span 14d] [--check]}: how well a replay's alerts ({@code vigil replay --out}) caught the attacks a simulation
 * injected ({@code vigil simulate --labels-out}), per rule and overall, beside the targets of issue 3. The
 * definitions are those of {@link Evaluation} and {@link Exposure}, and the help repeats them.
 *
 * <p>Exit codes: 0, or 1 with {@code --check} when a target is missed; 2 for bad input — a missing file, a bad
 * option, or a malformed line (reported with file and line number and skipped; the figures are still printed).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure detection quality: match the alerts of a replay against the labels of the attacks a simulation injected,",
                "and print per rule and overall: labels, detected, recall, alerts, precision, false alerts per agent-week",
                "(after calibration) and median detection delay, beside the targets. A malformed line is reported with its file",
                "and number and skipped, and the exit code is then 2."},
        footer = {"", "Definitions:",
                "  alert        one alertId; its repeats (re-emissions under the same id) are grouped. An alert whose every",
                "               emission says calibrating=true is counted apart and left out of precision and false alerts.",
                "  match        an alert on the label's agent with an emission whose [firstSeen, lastSeen] meets",
                "               [label start, label end + tolerance].",
                "  recall       of rule R: labels of R matched by an alert of R / labels of R.",
                "  delay        earliest detectedAt of a matching alert of the label's rule - label start; median per rule.",
                "  precision    alerts after calibration matching a label of ANY rule / alerts after calibration (an attack",
                "               caught by another rule is not a false alarm).",
                "  false alerts alerts after calibration matching no label, per agent-week: the sum over agents of",
                "               (span - the agent's calibrationDays) / 7 days. Agents and calibration days come from --agents;",
                "               without it, the distinct agents of the labels and alerts, with 7 calibration days each. The",
                "               span runs from the earliest to the latest time in the labels and alerts, rounded up to whole",
                "               days, unless --span gives it.",
                "Targets: recall >= 0.95 for every rule, precision >= 0.95 overall, <= 0.05 false alerts per agent-week.",
                "Exit codes: 0; 1 with --check when a target is missed; 2 for bad input."})
public final class EvaluateCommand implements Callable<Integer> {

    /** The profile's default (DESIGN.md), assumed for agents known only from the labels and alerts. */
    static final int DEFAULT_CALIBRATION_DAYS = 7;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--labels", required = true, paramLabel = "LABELS.jsonl",
            description = "Attack labels, one JSON object per line, as vigil simulate --labels-out writes them.")
    Path labels;

    @Option(names = "--alerts", required = true, paramLabel = "ALERTS.jsonl",
            description = "Alerts, one JSON object per line, as vigil replay --out writes them.")
    Path alerts;

    @Option(names = "--agents", paramLabel = "PROFILES.jsonl",
            description = "Agent profiles (the fleet and each agent's calibrationDays) for false alerts per agent-week.")
    Path agents;

    @Option(names = "--tolerance", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long after a label's end an alert still matches it (default 1h).")
    Duration tolerance = Evaluation.DEFAULT_TOLERANCE;

    @Option(names = "--span", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Length of the run, e.g. 14d (default: from the labels and alerts, rounded up to whole days).")
    Duration span;

    @Option(names = "--check", description = "Exit 1 when a target is missed.")
    boolean check;

    private final List<String> malformed = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("--tolerance must not be negative, not " + tolerance);
        }
        if (span != null && (span.isZero() || span.isNegative())) {
            throw new IllegalArgumentException("--span must be positive, not " + span);
        }
        for (Path file : agents == null ? List.of(labels, alerts) : List.of(labels, alerts, agents)) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
        }
        List<AttackLabel> labelList = new ArrayList<>();
        read(labels, EvaluateCommand::label, labelList::add);
        List<Emission> emissions = new ArrayList<>();
        read(alerts, line -> Emission.of(AlertJson.parse(line)), emissions::add);
        Map<String, Integer> fleet = new TreeMap<>();
        if (agents != null) {
            read(agents, ProfileJson::parse, (AgentProfile p) -> fleet.put(p.getAgentId(), p.getCalibrationDays()));
        }
        Evaluation evaluation = Evaluation.of(labelList, emissions, tolerance);
        Exposure exposure = exposure(evaluation, fleet, labelList, emissions);
        commandSpec.commandLine().getOut().print(EvaluationReport.format(evaluation, exposure, tolerance));
        commandSpec.commandLine().getOut().flush();
        PrintWriter err = commandSpec.commandLine().getErr();
        if (!malformed.isEmpty()) {
            err.printf("evaluate: %d malformed lines skipped (%s)%n", malformed.size(), String.join(", ", malformed));
            return 2;
        }
        return check && !Targets.misses(evaluation, exposure).isEmpty() ? 1 : 0;
    }

    private Exposure exposure(Evaluation evaluation, Map<String, Integer> fleet, List<AttackLabel> labelList,
                              List<Emission> emissions) {
        Duration runSpan = span != null ? span
                : Exposure.wholeDays(evaluation.earliest().orElse(null), evaluation.latest().orElse(null));
        String spanSource = span != null ? "--span" : "earliest to latest time in labels and alerts, rounded up to whole days";
        if (agents != null) {
            return Exposure.of(fleet, runSpan, "from " + agents.getFileName(), spanSource);
        }
        Map<String, Integer> seen = new TreeMap<>();
        labelList.forEach(l -> seen.put(l.agentId(), DEFAULT_CALIBRATION_DAYS));
        emissions.forEach(e -> seen.put(e.agentId(), DEFAULT_CALIBRATION_DAYS));
        return Exposure.of(seen, runSpan, "no --agents: the distinct agents in labels and alerts, "
                + DEFAULT_CALIBRATION_DAYS + " calibration days each", spanSource);
    }

    /** Reads every line of {@code file}, reporting and remembering each malformed one. */
    private <T> void read(Path file, Function<String, T> parser, Consumer<T> sink) throws IOException {
        PrintWriter err = commandSpec.commandLine().getErr();
        try (Stream<JsonLines.Line<T>> lines = JsonLines.read(file, parser)) {
            lines.forEach(line -> {
                if (line.error() != null) {
                    err.println(file.getFileName() + " " + line.error());
                    malformed.add(file.getFileName() + " line " + line.lineNumber());
                } else {
                    sink.accept(line.value());
                }
            });
        }
    }

    /** A label line; the label's own complaint becomes the line's error. */
    private static AttackLabel label(String line) {
        try {
            return AttackLabel.fromJson(line);
        } catch (IllegalArgumentException e) {
            throw new IngestException(null, e.getMessage());
        }
    }
}
