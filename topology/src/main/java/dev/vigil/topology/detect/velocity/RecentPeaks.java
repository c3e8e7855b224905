package dev.vigil.topology.detect.velocity;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * The busiest window (requests in the velocity window) the agent had in each of the last 24 event-time hours, so a
 * burst it makes every hour (a cron job) is its normal peak, not a spike. One slot per hour of the day, each with
 * the hour it belongs to: at most 24 × ~6 bytes.
 */
final class RecentPeaks implements StateSection {

    static final int HOURS = 24;
    static final SectionType<RecentPeaks> SECTION = new SectionType<>("velocity_spike.peaks", RecentPeaks::new, RecentPeaks::read);

    private final long[] hours = new long[HOURS];
    private final int[] peaks = new int[HOURS];

    RecentPeaks() {
        java.util.Arrays.fill(hours, Long.MIN_VALUE);
    }

    /** Records a window of {@code count} requests in hour {@code hour} (epoch hours). */
    void record(long hour, long count) {
        int slot = (int) Math.floorMod(hour, HOURS);
        if (hours[slot] != hour) {
            if (hours[slot] > hour) {
                return; // an hour older than the one the slot holds now: out of the 24 h already
            }
            hours[slot] = hour;
            peaks[slot] = 0;
        }
        peaks[slot] = (int) Math.max(peaks[slot], Math.min(count, Integer.MAX_VALUE));
    }

    /** The busiest window of the 24 hours before {@code hour} (not counting it), 0 when none is known. */
    int peakBefore(long hour) {
        int peak = 0;
        for (int i = 0; i < HOURS; i++) {
            if (hours[i] < hour && hours[i] >= hour - HOURS) {
                peak = Math.max(peak, peaks[i]);
            }
        }
        return peak;
    }

    @Override
    public void write(StateWriter out) {
        int known = 0;
        for (long h : hours) {
            if (h != Long.MIN_VALUE) {
                known++;
            }
        }
        out.writeUnsigned(known);
        for (int i = 0; i < HOURS; i++) {
            if (hours[i] != Long.MIN_VALUE) {
                out.writeSigned(hours[i]);
                out.writeUnsigned(peaks[i]);
            }
        }
    }

    static RecentPeaks read(StateReader in) {
        RecentPeaks p = new RecentPeaks();
        int known = in.readCount(HOURS, "velocity peak hour");
        for (int i = 0; i < known; i++) {
            long hour = in.readSigned();
            long peak = in.readUnsigned();
            p.record(hour, peak);
        }
        return p;
    }
}
