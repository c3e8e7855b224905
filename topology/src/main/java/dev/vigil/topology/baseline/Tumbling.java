package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;

/**
 * A running total over the current fixed event-time window ({@code [k × length, (k+1) × length)}), which reports
 * each window once it is final, so the caller can feed its baseline with it.
 *
 * <p>Late and out-of-order events: a window that closes is held open (pending) for the grace after its end, and
 * an event of it that arrives out of order within that time ({@link #add(double, long, long)}) is counted in it,
 * not in the current window. The pending window is final, and reported by {@link #advance}, once an event at or
 * after its end plus the grace arrives, or when the current window closes in turn. One window is held: the one
 * just before the current (also when it had no event yet), so with a grace longer than a window an event more
 * than one window back counts in the current one (close enough for a baseline, and never lost). The current
 * window's total ({@link #total()}), which callers judge, is immediate.
 *
 * <p>A caller can {@link #mark()} the current window (it fired, say); the mark travels with it and comes back in
 * its {@link Closed}. O(1) per event; ~6 bytes (~13 while a window is pending) for whole totals, ~13 (~21)
 * otherwise.
 */
public final class Tumbling {

    /**
     * A window that is final: its total, how many empty windows followed it, whether any event fell in it
     * ({@code seen}: false only for a window that was held open after a gap and got nothing), and its mark.
     */
    public record Closed(long windowIndex, double total, long emptyAfter, boolean seen, boolean marked) {
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final int MARKED = 1;
    private static final int PENDING = 2;
    private static final int PENDING_SEEN = 4;
    private static final int PENDING_MARKED = 8;
    /** The totals are whole numbers, written as varints (counts, bytes, micro-dollars: nearly always). */
    private static final int WHOLE = 16;
    private static final double MAX_WHOLE = 1L << 53;

    private long windowIndex = NONE;
    private double total;
    private boolean marked;
    /** The window before the current one is pending (its index is windowIndex - 1). */
    private boolean pending;
    private boolean pendingSeen;
    private boolean pendingMarked;
    private double pendingTotal;

    public Tumbling() {
    }

    /**
     * Moves to the window of {@code time} (never back); returns a window that became final, or null. Call it
     * again with the same time until it returns null: one move can make two windows final (the pending one and
     * the one that just closed, when the grace already passed).
     *
     * @param graceMs how long after its end a window still takes out-of-order events
     */
    public Closed advance(long time, long lengthMs, long graceMs) {
        long index = Math.floorDiv(time, lengthMs);
        if (windowIndex == NONE) {
            windowIndex = index;
            return null;
        }
        if (pending && index == windowIndex - 1) {
            pendingSeen = true;
        }
        if (index > windowIndex) {
            if (pending) {
                return releasePending();
            }
            // The current window closes: it, or the empty window just before the new one, is held open.
            Closed closed = null;
            if (index > windowIndex + 1) {
                closed = new Closed(windowIndex, total, index - windowIndex - 2, true, marked);
                pendingTotal = 0;
                pendingSeen = false;
                pendingMarked = false;
            } else {
                pendingTotal = total;
                pendingSeen = true;
                pendingMarked = marked;
            }
            pending = true;
            windowIndex = index;
            total = 0;
            marked = false;
            if (closed != null) {
                return closed;
            }
        }
        if (pending && time >= windowIndex * lengthMs + graceMs) {
            return releasePending();
        }
        return null;
    }

    private Closed releasePending() {
        pending = false;
        return new Closed(windowIndex - 1, pendingTotal, 0, pendingSeen, pendingMarked);
    }

    /** Adds {@code amount} to the current window. */
    public void add(double amount) {
        total += amount;
    }

    /**
     * Adds {@code amount} at event time {@code time}: to the pending window when it is the event's, else to the
     * current one (also for an event older than the pending window).
     */
    public void add(double amount, long time, long lengthMs) {
        if (pending && Math.floorDiv(time, lengthMs) == windowIndex - 1) {
            pendingTotal += amount;
            pendingSeen = true;
        } else {
            total += amount;
        }
    }

    /** True when {@code time} falls in the window held open (pending), not the current one. */
    public boolean inPending(long time, long lengthMs) {
        return pending && Math.floorDiv(time, lengthMs) == windowIndex - 1;
    }

    /** Marks the current window; the mark comes back in its {@link Closed}. */
    public void mark() {
        marked = true;
    }

    public boolean marked() {
        return marked;
    }

    public double total() {
        return total;
    }

    /** Start of the current window in epoch ms. */
    public long windowStart(long lengthMs) {
        return windowIndex * lengthMs;
    }

    public long windowIndex() {
        return windowIndex;
    }

    public void write(StateWriter out) {
        boolean whole = whole(total) && whole(pendingTotal);
        int flags = (marked ? MARKED : 0) | (pending ? PENDING : 0) | (pendingSeen ? PENDING_SEEN : 0)
                | (pendingMarked ? PENDING_MARKED : 0) | (whole ? WHOLE : 0);
        out.writeSigned(windowIndex);
        out.writeByte(flags);
        writeTotal(out, total, whole);
        if (pending) {
            writeTotal(out, pendingTotal, whole);
        }
    }

    private static boolean whole(double value) {
        return value >= 0 && value < MAX_WHOLE && value == Math.rint(value);
    }

    private static void writeTotal(StateWriter out, double value, boolean whole) {
        if (whole) {
            out.writeUnsigned((long) value);
        } else {
            out.writeDouble(value);
        }
    }

    private static double readTotal(StateReader in, boolean whole) {
        return whole ? in.readUnsigned() : in.readDouble();
    }

    public static Tumbling read(StateReader in) {
        Tumbling t = new Tumbling();
        t.windowIndex = in.readSigned();
        int flags = in.readByte();
        boolean whole = (flags & WHOLE) != 0;
        t.total = readTotal(in, whole);
        t.marked = (flags & MARKED) != 0;
        t.pending = (flags & PENDING) != 0;
        t.pendingSeen = (flags & PENDING_SEEN) != 0;
        t.pendingMarked = (flags & PENDING_MARKED) != 0;
        if (t.pending) {
            t.pendingTotal = readTotal(in, whole);
        }
        return t;
    }
}
