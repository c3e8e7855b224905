package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.kafka.common.config.ConfigException;

/** Turns an exception into the one line a user needs, and an exit code: 2 for bad input or configuration, 1 otherwise. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static String describe(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        if (cause instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (cause instanceof ConfigException) {
            return "configuration error: " + cause.getMessage();
        }
        if (cause instanceof IOException) {
            return "I/O error: " + cause.getMessage();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    public static int exitCode(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        return cause instanceof ConfigException || cause instanceof IOException || cause instanceof IllegalArgumentException ? 2 : 1;
    }
}
