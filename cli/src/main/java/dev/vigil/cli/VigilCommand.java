package dev.vigil.cli;

import dev.vigil.cli.audit.AuditCommand;
import dev.vigil.cli.demo.DemoCommand;
import dev.vigil.cli.evaluate.EvaluateCommand;
import dev.vigil.cli.notifier.NotifierCommand;
import dev.vigil.cli.produce.ProduceCommand;
import dev.vigil.cli.replay.BacktestCommand;
import dev.vigil.cli.replay.ReplayCommand;
import dev.vigil.cli.run.RunCommand;
import dev.vigil.cli.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command: one runnable jar for every Vigil app and tool. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Real-time anomaly detection and alerting for fleets of AI agents, on Kafka Streams.",
        subcommands = {DemoCommand.class, ReplayCommand.class, BacktestCommand.class, ProduceCommand.class,
                SimulateCommand.class, EvaluateCommand.class, RunCommand.class, NotifierCommand.class,
                dev.vigil.cli.lifecycle.LifecycleCommand.class, AuditCommand.class, CommandLine.HelpCommand.class})
public final class VigilCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VigilCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vigil " + commandLine.getCommandName() + ": " + ErrorMessages.describe(e));
            return ErrorMessages.exitCode(e);
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
