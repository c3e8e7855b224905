package dev.vigil.cli.audit;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil audit …}: tools for the audit trail of lifecycle events. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Tools for the audit trail of lifecycle and enforcement events (vigil.alert-events.v1).",
        subcommands = {AuditVerifyCommand.class})
public final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: the usage, and the exit code of bad input. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
