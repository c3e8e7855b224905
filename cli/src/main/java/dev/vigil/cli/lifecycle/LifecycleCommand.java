package dev.vigil.cli.lifecycle;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil lifecycle …}: operator tools for the lifecycle service. */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Operator tools for the lifecycle service (its API keys).",
        subcommands = {KeyCreateCommand.class})
public final class LifecycleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
