package dev.vigil.lifecycle.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last {@code capacity} events of this instance, in the order it saw them, for the live stream and its resume.
 *
 * <p><b>Ids.</b> An entry's id is {@code <epoch>-<seq>}: {@code epoch} is the wall-clock millisecond at which this
 * journal was made (the instance's start), {@code seq} counts entries from 1 and never repeats within an epoch. So
 * ids increase along the journal, and an id from before a restart — or from another instance — is recognised as
 * such by its epoch instead of being mistaken for a position in this journal. Clients treat ids as opaque.
 *
 * <p><b>Resume.</b> {@link #resume} turns a client's {@code Last-Event-ID} into the position to read after: the id
 * itself when it is this epoch's and its successor is still here; otherwise a {@link Gap}, and the position before
 * the oldest entry (the whole journal). Nothing is ever skipped silently.
 *
 * <p><b>Readers never hold the writer up.</b> Appending costs the same whatever the number of clients: each client
 * reads through its own cursor ({@link #read}) and waits on a condition; a client that reads so slowly that entries
 * it has not been sent are dropped from the journal is told so ({@link Batch#lagging()}).
 *
 * <p>Thread-safe: the view's stream threads append, HTTP threads read.
 */
public final class EventJournal {

    public static final int DEFAULT_CAPACITY = 10_000;

    private static final Pattern ID = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

    private final long epoch;
    private final StreamEvent[] ring;
    /** The redelivery key of the entry in the same slot of {@link #ring}. */
    private final String[] ringKeys;
    private final Set<String> keys = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private long lastSeq;

    public EventJournal(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a journal holds at least one event, not " + capacity);
        }
        this.ring = new StreamEvent[capacity];
        this.ringKeys = new String[capacity];
        this.epoch = clock.millis();
    }

    /** Why a stream cannot resume exactly after the client's id, and the id to send the {@code stream.gap} with. */
    public record Gap(String id, String reason) {
    }

    /** Where a client's stream starts: after {@code afterSeq}, preceded by a gap notice where there is one. */
    public record Resume(long afterSeq, Optional<Gap> gap) {
    }

    /** What {@link #read} found: the next entries, or that the reader fell behind the journal. */
    public record Batch(List<StreamEvent> events, boolean lagging) {
    }

    /**
     * Places {@code draft} at the end and wakes the readers; empty when an entry with the same key is still in the
     * journal (a redelivery).
     */
    public Optional<StreamEvent> append(StreamEvent.Draft draft) {
        lock.lock();
        try {
            if (!keys.add(draft.key())) {
                return Optional.empty();
            }
            long seq = ++lastSeq;
            int slot = slot(seq);
            if (ringKeys[slot] != null) {
                keys.remove(ringKeys[slot]);
            }
            StreamEvent event = new StreamEvent(seq, idOf(seq), draft.type(), draft.tenantId(), draft.data());
            ring[slot] = event;
            ringKeys[slot] = draft.key();
            appended.signalAll();
            return Optional.of(event);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The start of a stream for a client that last saw {@code lastEventId} (null: a new client, which starts with
     * the next event).
     */
    public Resume resume(String lastEventId) {
        lock.lock();
        try {
            if (lastEventId == null) {
                return new Resume(lastSeq, Optional.empty());
            }
            Matcher m = ID.matcher(lastEventId);
            long idEpoch;
            long seq;
            try {
                if (!m.matches()) {
                    throw new NumberFormatException();
                }
                idEpoch = Long.parseLong(m.group(1));
                seq = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                return gap("the id " + lastEventId + " is not an id of this stream");
            }
            if (idEpoch != epoch) {
                return gap("the id " + lastEventId + " is from another run of the service (this one started at epoch "
                        + epoch + ")");
            }
            if (seq > lastSeq) {
                return gap("the id " + lastEventId + " is ahead of the newest event " + idOf(lastSeq));
            }
            if (seq < firstSeq() - 1) {
                return gap("the events after " + lastEventId + " are no longer kept (the journal holds the last "
                        + ring.length + ")");
            }
            return new Resume(seq, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    private Resume gap(String reason) {
        long before = firstSeq() - 1;
        return new Resume(before, Optional.of(new Gap(idOf(before), reason)));
    }

    /**
     * Up to {@code max} entries after {@code afterSeq}, waiting at most {@code wait} for one to arrive (an empty
     * batch when none did, or when {@link #wakeReaders} was called); lagging when entries after {@code afterSeq}
     * have already been dropped.
     */
    public Batch read(long afterSeq, int max, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            if (afterSeq >= lastSeq && nanos > 0) {
                appended.awaitNanos(nanos);
            }
            if (afterSeq < firstSeq() - 1) {
                return new Batch(List.of(), true);
            }
            long last = Math.min(lastSeq, afterSeq + max);
            List<StreamEvent> events = new ArrayList<>((int) Math.max(0, last - afterSeq));
            for (long seq = afterSeq + 1; seq <= last; seq++) {
                events.add(ring[slot(seq)]);
            }
            return new Batch(events, false);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every reader waiting in {@link #read}, so that a closing stream ends them without waiting out a heartbeat. */
    public void wakeReaders() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The id of the entry at {@code seq}; {@code <epoch>-0} is the position before the first entry. */
    public String idOf(long seq) {
        return epoch + "-" + seq;
    }

    /** How many entries the journal holds now. */
    public int size() {
        lock.lock();
        try {
            return (int) (lastSeq - firstSeq() + 1);
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return ring.length;
    }

    /** The seq of the oldest entry kept, or {@code lastSeq + 1} while the journal is empty. */
    private long firstSeq() {
        return Math.max(1, lastSeq - ring.length + 1);
    }

    private int slot(long seq) {
        return (int) (seq % ring.length);
    }
}
