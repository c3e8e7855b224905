package dev.vigil.lifecycle.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live stream's shared state for the HTTP side: the journal, the heartbeat interval, the cap on concurrent
 * clients, and whether the server is closing (open streams end at once instead of at their next heartbeat).
 */
public final class EventStream implements AutoCloseable {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_CLIENTS = 100;

    private final EventJournal journal;
    private final Duration heartbeat;
    private final int maxClients;
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    public EventStream(EventJournal journal, Duration heartbeat, int maxClients) {
        this.journal = journal;
        this.heartbeat = heartbeat;
        this.maxClients = maxClients;
    }

    public EventJournal journal() {
        return journal;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public int maxClients() {
        return maxClients;
    }

    /** Counts a new client in; false when {@link #maxClients} are already connected or the stream is closed. */
    public boolean admit() {
        if (closed.get()) {
            return false;
        }
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release() {
        clients.decrementAndGet();
    }

    public int clients() {
        return clients.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        closed.set(true);
        journal.wakeReaders();
    }
}
