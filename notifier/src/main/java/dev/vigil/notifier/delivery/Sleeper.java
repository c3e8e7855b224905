package dev.vigil.notifier.delivery;

import java.time.Duration;

/** Waits between attempts. A seam so that tests can see the pauses asked for without waiting them out. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code pause}; returns {@code false} if the wait was cut short because the app is stopping. */
    boolean sleep(Duration pause) throws InterruptedException;
}
