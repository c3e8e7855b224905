package dev.vigil.topology.state;

import java.util.Arrays;

/**
 * Event counts per event-time minute for the most recent {@code size} minutes, in a fixed ring: O(1) to add,
 * O(size) to sum, and the same few bytes whatever the agent's traffic. The ring is anchored on the newest minute
 * seen ({@link #head()}); moving it forward clears the minutes it passes over, and a minute that has fallen off
 * the back is not counted ({@link #add} says so).
 */
public final class MinuteBuckets {

    /** No minute seen yet. */
    static final long EMPTY = Long.MIN_VALUE;

    private final int[] counts;
    private long head;

    public MinuteBuckets(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.counts = new int[size];
        this.head = EMPTY;
    }

    /** Counts one event in {@code minute} (epoch minutes); false when that minute is older than the ring. */
    public boolean add(long minute) {
        if (head == EMPTY || minute > head) {
            advanceTo(minute);
        } else if (minute <= head - counts.length) {
            return false;
        }
        int slot = slot(minute);
        counts[slot] = counts[slot] == Integer.MAX_VALUE ? Integer.MAX_VALUE : counts[slot] + 1;
        return true;
    }

    /** Events in the minutes {@code from..to}, both inclusive; minutes outside the ring count as zero. */
    public long sum(long from, long to) {
        if (head == EMPTY) {
            return 0;
        }
        long lo = Math.max(from, head - counts.length + 1);
        long hi = Math.min(to, head);
        long total = 0;
        for (long minute = lo; minute <= hi; minute++) {
            total += counts[slot(minute)];
        }
        return total;
    }

    /** The newest minute seen, or {@link Long#MIN_VALUE} when none. */
    public long head() {
        return head;
    }

    public int size() {
        return counts.length;
    }

    public boolean isEmpty() {
        return head == EMPTY;
    }

    /** The count of one minute, zero outside the ring. */
    public int count(long minute) {
        if (head == EMPTY || minute > head || minute <= head - counts.length) {
            return 0;
        }
        return counts[slot(minute)];
    }

    /** A ring of another size holding the newest minutes of this one (after a change of configuration). */
    public MinuteBuckets resized(int newSize) {
        MinuteBuckets copy = new MinuteBuckets(newSize);
        if (head != EMPTY) {
            copy.head = head;
            for (long minute = head - Math.min(newSize, counts.length) + 1; minute <= head; minute++) {
                copy.counts[copy.slot(minute)] = count(minute);
            }
        }
        return copy;
    }

    /** Restores a ring from its newest minute and its counts oldest first (as written by the state serde). */
    static MinuteBuckets restore(long head, int[] countsOldestFirst) {
        MinuteBuckets ring = new MinuteBuckets(countsOldestFirst.length);
        if (head != EMPTY) {
            ring.head = head;
            long oldest = head - countsOldestFirst.length + 1;
            for (int i = 0; i < countsOldestFirst.length; i++) {
                ring.counts[ring.slot(oldest + i)] = countsOldestFirst[i];
            }
        }
        return ring;
    }

    /** The counts oldest first, ending with the head minute. */
    int[] countsOldestFirst() {
        int[] ordered = new int[counts.length];
        if (head != EMPTY) {
            long oldest = head - counts.length + 1;
            for (int i = 0; i < counts.length; i++) {
                ordered[i] = counts[slot(oldest + i)];
            }
        }
        return ordered;
    }

    private void advanceTo(long minute) {
        if (head == EMPTY || minute - head >= counts.length) {
            Arrays.fill(counts, 0);
        } else {
            for (long m = head + 1; m <= minute; m++) {
                counts[slot(m)] = 0;
            }
        }
        head = minute;
    }

    private int slot(long minute) {
        return (int) Math.floorMod(minute, (long) counts.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinuteBuckets other && head == other.head
                && Arrays.equals(countsOldestFirst(), other.countsOldestFirst());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(head) * 31 + Arrays.hashCode(countsOldestFirst());
    }

    @Override
    public String toString() {
        return "MinuteBuckets{head=" + head + ", counts=" + Arrays.toString(countsOldestFirst()) + "}";
    }
}
