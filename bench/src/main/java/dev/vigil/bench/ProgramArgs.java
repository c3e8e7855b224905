package dev.vigil.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The {@code --option value} pairs of a benchmark program that has no options record of its own. */
final class ProgramArgs {

    private ProgramArgs() {
    }

    /** The options by name ({@code --events}); {@link IllegalArgumentException} on a stray or unknown argument. */
    static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: " + known);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
