package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;

/**
 * A running total over the current fixed event-time window ({@code [k × length, (k+1) × length)}), which reports
 * each window as it closes, so the caller can feed its baseline with it. Events of an earlier window than the
 * current one (late, within the grace) are added to the current total: close enough for a baseline and never
 * lost. O(1) per event, ~12 bytes.
 */
public final class Tumbling {

    /** What the window that just closed held, and how many empty windows followed it. */
    public record Closed(long windowIndex, double total, long emptyAfter) {
    }

    private long windowIndex = Long.MIN_VALUE;
    private double total;

    public Tumbling() {
    }

    /**
     * Moves to the window of {@code time}; returns the window that closed (with the number of empty windows
     * skipped), or null when {@code time} is in the current window (or before it).
     */
    public Closed advance(long time, long lengthMs) {
        long index = Math.floorDiv(time, lengthMs);
        if (windowIndex == Long.MIN_VALUE) {
            windowIndex = index;
            return null;
        }
        if (index <= windowIndex) {
            return null;
        }
        Closed closed = new Closed(windowIndex, total, index - windowIndex - 1);
        windowIndex = index;
        total = 0;
        return closed;
    }

    public void add(double amount) {
        total += amount;
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
        out.writeSigned(windowIndex);
        out.writeDouble(total);
    }

    public static Tumbling read(StateReader in) {
        Tumbling t = new Tumbling();
        t.windowIndex = in.readSigned();
        t.total = in.readDouble();
        return t;
    }
}
