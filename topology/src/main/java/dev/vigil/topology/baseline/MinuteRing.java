package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.util.Arrays;

/**
 * Sums per event-time minute of a few figures ("channels": requests, failures, micro-dollars…) over the most
 * recent {@code minutes} minutes, for sliding windows: a fixed ring anchored on the newest minute seen. Moving it
 * forward clears the minutes it passes over; an amount for a minute that has fallen off the back is not kept
 * ({@link #add} says so). O(1) to add, O(minutes) to sum, and one varint per minute and channel (1 byte for
 * small counts) whatever the traffic.
 */
public final class MinuteRing {

    private static final int MAX_MINUTES = 1440;
    private static final int MAX_CHANNELS = 8;
    private static final long MINUTE_MS = 60_000L;

    private final int minutes;
    private final int channels;
    private final long[] values;
    private long head = Long.MIN_VALUE;

    public MinuteRing(int minutes, int channels) {
        if (minutes < 1 || minutes > MAX_MINUTES || channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("a ring of 1.." + MAX_MINUTES + " minutes and 1.." + MAX_CHANNELS
                    + " channels: " + minutes + " × " + channels);
        }
        this.minutes = minutes;
        this.channels = channels;
        this.values = new long[minutes * channels];
    }

    /** The epoch minute of {@code time} (epoch ms). */
    public static long minuteOf(long time) {
        return Math.floorDiv(time, MINUTE_MS);
    }

    /**
     * Adds {@code amount} (not negative) to {@code channel} in {@code minute}, moving the ring forward when the
     * minute is newer than its head; false when the minute is older than the ring.
     */
    public boolean add(long minute, int channel, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amounts are not negative: " + amount);
        }
        if (head == Long.MIN_VALUE || minute > head) {
            advanceTo(minute);
        } else if (minute <= head - minutes) {
            return false;
        }
        int i = index(minute, channel);
        values[i] = saturatingAdd(values[i], amount);
        return true;
    }

    /** The sum of {@code channel} over the minutes {@code from..to}, both inclusive; minutes outside the ring count zero. */
    public long sum(int channel, long from, long to) {
        if (head == Long.MIN_VALUE) {
            return 0;
        }
        long total = 0;
        for (long m = Math.max(from, head - minutes + 1); m <= Math.min(to, head); m++) {
            total = saturatingAdd(total, values[index(m, channel)]);
        }
        return total;
    }

    /** The newest minute seen, or {@link Long#MIN_VALUE} when none. */
    public long head() {
        return head;
    }

    public int minutes() {
        return minutes;
    }

    public int channels() {
        return channels;
    }

    /** A ring of {@code newMinutes} holding the newest minutes of this one (after a change of configuration). */
    public MinuteRing resized(int newMinutes) {
        MinuteRing copy = new MinuteRing(newMinutes, channels);
        copy.head = head;
        if (head != Long.MIN_VALUE) {
            for (long m = head - Math.min(newMinutes, minutes) + 1; m <= head; m++) {
                for (int c = 0; c < channels; c++) {
                    copy.values[copy.index(m, c)] = values[index(m, c)];
                }
            }
        }
        return copy;
    }

    private void advanceTo(long minute) {
        if (head == Long.MIN_VALUE || minute - head >= minutes) {
            Arrays.fill(values, 0);
        } else {
            for (long m = head + 1; m <= minute; m++) {
                Arrays.fill(values, index(m, 0), index(m, 0) + channels, 0);
            }
        }
        head = minute;
    }

    private int index(long minute, int channel) {
        return (int) Math.floorMod(minute, (long) minutes) * channels + channel;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Format: minutes, channels, then 0 for an empty ring, or 1, the head minute and the values oldest minute first. */
    public void write(StateWriter out) {
        out.writeUnsigned(minutes);
        out.writeUnsigned(channels);
        if (head == Long.MIN_VALUE) {
            out.writeUnsigned(0);
            return;
        }
        out.writeUnsigned(1);
        out.writeSigned(head);
        for (long m = head - minutes + 1; m <= head; m++) {
            for (int c = 0; c < channels; c++) {
                out.writeUnsigned(values[index(m, c)]);
            }
        }
    }

    public static MinuteRing read(StateReader in) {
        MinuteRing ring = new MinuteRing(in.readCount(MAX_MINUTES, "ring minute"), in.readCount(MAX_CHANNELS, "ring channel"));
        if (in.readCount(1, "ring flag") == 0) {
            return ring;
        }
        ring.head = in.readSigned();
        for (long m = ring.head - ring.minutes + 1; m <= ring.head; m++) {
            for (int c = 0; c < ring.channels; c++) {
                ring.values[ring.index(m, c)] = in.readUnsigned();
            }
        }
        return ring;
    }
}
