package dev.vigil.cli.notifier;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil notifier …}: operator tools for the notifier's delivery ledger. */
@Command(name = "notifier", mixinStandardHelpOptions = true,
        description = "Operator tools for the notifier and its delivery ledger (vigil.notifications.v1).",
        subcommands = {RedriveCommand.class})
public final class NotifierCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: the usage, and the exit code of bad input. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
