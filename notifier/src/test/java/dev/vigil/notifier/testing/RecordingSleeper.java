package dev.vigil.notifier.testing;

import dev.vigil.notifier.delivery.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that notes each pause asked for and returns at once, so tests check pauses, never wall-clock time. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    @Override
    public boolean sleep(Duration pause) {
        pauses.add(pause);
        return true;
    }

    public List<Duration> pauses() {
        return List.copyOf(pauses);
    }
}
