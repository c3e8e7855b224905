package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What the command classes share: striped locks, so that commands on one object through this instance run one at a
 * time (check → write → wait), and the wait until a view shows the event just written (read-your-writes).
 */
final class ViewWrites {

    private static final int STRIPES = 64;
    private static final long POLL_MS = 10;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Duration viewTimeout;

    /** @param viewTimeout how long {@link #awaitShown} waits for the view before giving up */
    ViewWrites(Duration viewTimeout) {
        this.viewTimeout = viewTimeout;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lock of the object with id {@code key}. */
    ReentrantLock lockOf(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    /**
     * What {@code shown} reads once the view shows the write (non-empty), or empty after the timeout, an interrupt, or
     * while the view cannot be read.
     */
    <V> Optional<V> awaitShown(Supplier<Optional<V>> shown) {
        long deadline = System.nanoTime() + viewTimeout.toNanos();
        while (true) {
            Optional<V> view = read(shown);
            if (view.isPresent() || System.nanoTime() - deadline >= 0) {
                return view;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static <V> Optional<V> read(Supplier<Optional<V>> shown) {
        try {
            return shown.get();
        } catch (ViewUnavailableException e) {
            return Optional.empty();
        }
    }
}
