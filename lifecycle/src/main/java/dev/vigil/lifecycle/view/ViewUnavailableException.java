package dev.vigil.lifecycle.view;

/**
 * The view cannot answer right now: the store is not open yet, or is moving between threads or instances
 * (a rebalance, a restore). Transient; the API answers 503 and the client retries.
 */
public final class ViewUnavailableException extends RuntimeException {

    public ViewUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
