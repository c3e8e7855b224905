package dev.vigil.lifecycle.command;

/**
 * Kafka did not confirm a lifecycle event within the write timeout. Whether it will still land is unknown, so the
 * client should read the alert before repeating the command.
 */
public final class WriteFailedException extends RuntimeException {

    public WriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
