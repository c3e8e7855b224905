package dev.vigil.lifecycle.view;

/**
 * A view cannot answer right now: the store is not open yet, or is moving between threads or instances
 * (a rebalance, a restore). Transient; the API answers 503 and the client retries.
 */
public final class ViewUnavailableException extends RuntimeException {

    private final String view;

    /** The alert view is unavailable. */
    public ViewUnavailableException(String message, Throwable cause) {
        this("alert view", message, cause);
    }

    /** @param view which view, as the client is told: {@code "alert view"}, {@code "rules view"} */
    public ViewUnavailableException(String view, String message, Throwable cause) {
        super(message, cause);
        this.view = view;
    }

    public String view() {
        return view;
    }
}
