package dev.vigil.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code vigil} command in this JVM, as {@code main} would, with its output and errors captured. */
public final class Cli {

    /** What one run left behind. */
    public record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        return run(VigilCommand.commandLine(), args);
    }

    /** Runs a command line that the test has prepared, e.g. with a subcommand's seams replaced. */
    public static Result run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
