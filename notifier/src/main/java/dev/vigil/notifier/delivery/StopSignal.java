package dev.vigil.notifier.delivery;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The app's "stop now" flag, and the {@link Sleeper} that honours it: a backoff pause ends at once when the app
 * stops, so closing never waits out a 30-second retry. The delivery that was waiting is then left unfinished and
 * its offset uncommitted, so the next start delivers it again (same idempotency key).
 */
public final class StopSignal implements Sleeper {

    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public boolean sleep(Duration pause) throws InterruptedException {
        return !stopped.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }
}
