package dev.vigil.lifecycle.command;

/** The request names a channel or silence that has no record; the API answers 404 with the message. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
