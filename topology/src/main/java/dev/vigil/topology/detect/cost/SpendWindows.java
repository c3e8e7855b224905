package dev.vigil.topology.detect.cost;

import dev.vigil.topology.baseline.MinuteRing;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.util.function.LongPredicate;

/**
 * {@code cost_spike}'s memory of an agent's spend, all in exact micro-dollars where it is judged:
 * <ul>
 * <li>the spend of each of the last 5 event-time minutes, for the sliding 5-minute sum ({@link MinuteRing});</li>
 * <li>the spend of the current fixed 5-minute window ({@link Tumbling}; micro-dollars as a double, exact up to
 * $9 billion), fed to the baseline when it closes;</li>
 * <li>{@link Moments} of the spend of 5-minute windows with any spend at all, over about
 * {@value #HORIZON} of them (a week's worth for an agent that spends all the time);</li>
 * <li>the highest spend of such a window, halving every {@value #PEAK_HALF_LIFE_WINDOWS} windows (7 days).</li>
 * </ul>
 * 55 to 70 bytes per agent, whatever it spends (the minute sums and the window total grow a little with it).
 */
final class SpendWindows implements StateSection {

    static final long WINDOW_MS = 5 * 60_000L;
    static final int WINDOW_MINUTES = 5;
    static final int HORIZON = 2016;
    static final long PEAK_HALF_LIFE_WINDOWS = 2016;

    private final MinuteRing minutes;
    private final Tumbling window;
    private final Moments spend;
    private double peakUsd;
    private long peakWindow;

    SpendWindows() {
        this(new MinuteRing(WINDOW_MINUTES, 1), new Tumbling(), new Moments(), 0, 0);
    }

    private SpendWindows(MinuteRing minutes, Tumbling window, Moments spend, double peakUsd, long peakWindow) {
        this.minutes = minutes;
        this.window = window;
        this.spend = spend;
        this.peakUsd = peakUsd;
        this.peakWindow = peakWindow;
    }

    /**
     * Counts {@code micros} spent at {@code time}. A fixed window that closes is fed to the baseline when it
     * holds any spend and {@code mayLearn} (asked with its last millisecond) allows it.
     */
    void add(long time, long micros, long graceMs, LongPredicate mayLearn) {
        for (Tumbling.Closed closed; (closed = window.advance(time, WINDOW_MS, graceMs)) != null; ) {
            if (closed.total() > 0 && mayLearn.test((closed.windowIndex() + 1) * WINDOW_MS - 1)) {
                learn(closed.windowIndex(), closed.total() / 1e6);
            }
        }
        window.add(micros, time, WINDOW_MS);
        minutes.add(MinuteRing.minuteOf(time), 0, micros);
    }

    private void learn(long windowIndex, double usd) {
        spend.add(usd, HORIZON);
        if (usd >= peakAt(windowIndex)) {
            peakUsd = usd;
            peakWindow = windowIndex;
        }
    }

    /** Micro-dollars spent in the 5 minutes ending with the newest minute seen. */
    long recentMicros() {
        long head = minutes.head();
        return minutes.sum(0, head - WINDOW_MINUTES + 1, head);
    }

    /** The newest minute seen (epoch minutes). */
    long newestMinute() {
        return minutes.head();
    }

    Moments baseline() {
        return spend;
    }

    /** The highest spend of a 5-minute window learned, decayed to the window of {@code time}. */
    double peakUsd(long time) {
        return peakAt(Math.floorDiv(time, WINDOW_MS));
    }

    private double peakAt(long windowIndex) {
        long age = Math.max(0, windowIndex - peakWindow);
        return peakUsd * Math.pow(0.5, (double) age / PEAK_HALF_LIFE_WINDOWS);
    }

    @Override
    public void write(StateWriter out) {
        minutes.write(out);
        window.write(out);
        spend.write(out);
        out.writeDouble(peakUsd);
        out.writeSigned(peakWindow);
    }

    static SpendWindows read(StateReader in) {
        return new SpendWindows(MinuteRing.read(in), Tumbling.read(in), Moments.read(in), in.readDouble(), in.readSigned());
    }
}
