package dev.vigil.topology.detect.offhours;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.util.Arrays;

/**
 * The event times (epoch ms) of an agent's latest off-hours requests, at most {@link #MAX} of them, ascending. A
 * burst is {@code n} of them within a span; keeping only the latest {@code n} is enough to tell, whatever the
 * traffic. ~5 bytes for the first time and 1–4 per further one (deltas), so at most ~80 bytes.
 */
final class RecentTimes {

    static final int MAX = 20;

    private long[] times = new long[0];

    /**
     * Remembers {@code time} among the latest {@code keep}; returns false when it is older than all of them (an
     * out-of-order event that cannot belong to a burst not already judged).
     */
    boolean add(long time, int keep) {
        if (times.length > keep) {
            times = Arrays.copyOfRange(times, times.length - keep, times.length);
        }
        if (times.length == keep && time < times[0]) {
            return false;
        }
        int at = insertionPoint(time);
        long[] next = new long[Math.min(times.length + 1, keep)];
        int drop = times.length + 1 - next.length;
        long[] merged = new long[times.length + 1];
        System.arraycopy(times, 0, merged, 0, at);
        merged[at] = time;
        System.arraycopy(times, at, merged, at + 1, times.length - at);
        System.arraycopy(merged, drop, next, 0, next.length);
        times = next;
        return true;
    }

    int size() {
        return times.length;
    }

    long first() {
        return times[0];
    }

    long last() {
        return times[times.length - 1];
    }

    void clear() {
        times = new long[0];
    }

    private int insertionPoint(long time) {
        int at = times.length;
        while (at > 0 && times[at - 1] > time) {
            at--;
        }
        return at;
    }

    void write(StateWriter out) {
        out.writeUnsigned(times.length);
        for (int i = 0; i < times.length; i++) {
            out.writeSigned(i == 0 ? times[0] : times[i] - times[i - 1]);
        }
    }

    static RecentTimes read(StateReader in) {
        RecentTimes recent = new RecentTimes();
        int n = in.readCount(MAX, "off-hours time");
        recent.times = new long[n];
        for (int i = 0; i < n; i++) {
            recent.times[i] = i == 0 ? in.readSigned() : recent.times[i - 1] + in.readSigned();
        }
        return recent;
    }
}
