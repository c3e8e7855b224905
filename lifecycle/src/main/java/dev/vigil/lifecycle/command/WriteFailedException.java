package dev.vigil.lifecycle.command;

/**
 * Kafka did not confirm a record within the write timeout. Whether it will still land is unknown, so the client
 * should read what it changed before repeating the command.
 */
public final class WriteFailedException extends RuntimeException {

    private final String clientMessage;

    /** A lifecycle event was not confirmed. */
    public WriteFailedException(String message, Throwable cause) {
        this(message, cause, "Kafka did not confirm the lifecycle event in time; read the alert before repeating "
                + "the command");
    }

    /**
     * @param message       for the log, with the details
     * @param clientMessage what the API answers, without them
     */
    public WriteFailedException(String message, Throwable cause, String clientMessage) {
        super(message, cause);
        this.clientMessage = clientMessage;
    }

    public String clientMessage() {
        return clientMessage;
    }
}
