package dev.vigil.topology.detect.offhours;

import dev.vigil.topology.baseline.HourOfWeek;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.util.function.LongPredicate;

/**
 * An agent's learned activity per UTC hour of the week: 168 counts that decay with a time constant of two weeks
 * ({@link #TAU_HOURS}), so the rhythm follows the last fortnight or so and a changed habit is learned within a
 * couple of weeks. The hour in progress is counted apart ({@link Tumbling}) and folded in when it ends, so a
 * burst is never judged against a baseline that already holds it; an hour that ends while the rule holds
 * learning (an open alert with a recent finding) is not folded in at all.
 *
 * <p>Idleness is judged over an hour and its two neighbours, as expected requests per hour: the three counts
 * over {@code 3 × weeks}, where {@code weeks} is how many decayed weeks of history back them
 * ({@code (1 − e^(−H/τ)) / (1 − e^(−168/τ))} for {@code H} hours of learning: 1 after a week, 2.54 at most).
 *
 * <p>O(1) per request, plus a 168-step decay once per hour that ends. Counts are floats (exact across a
 * restart: what is read is what was written). Bytes: a 21-byte map of the non-empty hours, 4 bytes per
 * non-empty hour, ~20 for the hour in progress and the learning times: at most ~720 bytes.
 */
final class WeeklyRhythm {

    static final double TAU_HOURS = 14 * 24;
    private static final long HOUR_MS = 3_600_000L;
    private static final int WEEK_HOURS = HourOfWeek.SLOTS;
    private static final long NONE = Long.MIN_VALUE;

    private final float[] counts = new float[WEEK_HOURS];
    private float total;
    private Tumbling current = new Tumbling();
    /** Epoch hour the counts are valued at (the hour before the one in progress); NONE before the first. */
    private long asOfHour = NONE;
    /** Epoch hour learning began. */
    private long since = NONE;

    /**
     * Moves to the hour of {@code time}, folding each hour that ended (once the grace after its end passed, or
     * the next hour ended too) into the counts unless {@code held} says
     * the rule held learning at its last millisecond.
     */
    void advance(long time, long graceMs, LongPredicate held) {
        if (asOfHour == NONE) {
            current.advance(time, HOUR_MS, graceMs);
            since = Math.floorDiv(time, HOUR_MS);
            asOfHour = since - 1;
            return;
        }
        for (Tumbling.Closed closed; (closed = current.advance(time, HOUR_MS, graceMs)) != null; ) {
            fold(closed, held);
        }
    }

    private void fold(Tumbling.Closed closed, LongPredicate held) {
        long newest = closed.windowIndex() + closed.emptyAfter();
        float factor = decay(newest - asOfHour);
        float total = 0;
        for (int i = 0; i < WEEK_HOURS; i++) {
            counts[i] *= factor;
        }
        long lastMs = (closed.windowIndex() + 1) * HOUR_MS - 1;
        if (closed.total() > 0 && !held.test(lastMs)) {
            counts[HourOfWeek.slot(closed.windowIndex() * HOUR_MS)] += (float) closed.total() * decay(closed.emptyAfter());
        }
        for (int i = 0; i < WEEK_HOURS; i++) {
            total += counts[i];
        }
        this.total = total;
        asOfHour = newest;
    }

    /** Counts a request at {@code time} in its hour: the one in progress, or the one held open for the grace. */
    void count(long time) {
        current.add(1, time, HOUR_MS);
    }

    /** Hours of history folded into the counts. */
    long learnedHours() {
        return asOfHour == NONE ? 0 : asOfHour + 1 - since;
    }

    /** How many decayed weeks of history back each hour's count. */
    double weeks() {
        return (1 - StrictMath.exp(-learnedHours() / TAU_HOURS)) / (1 - StrictMath.exp(-WEEK_HOURS / TAU_HOURS));
    }

    /** The agent's usual requests per hour over the whole week. */
    double averagePerHour() {
        double weeks = weeks();
        return weeks <= 0 ? 0 : total / (WEEK_HOURS * weeks);
    }

    /** The usual requests per hour at {@code time}'s hour of the week and the hour either side of it. */
    double expectedPerHour(long time) {
        double weeks = weeks();
        if (weeks <= 0) {
            return 0;
        }
        int slot = HourOfWeek.slot(time);
        double near = counts[(slot + WEEK_HOURS - 1) % WEEK_HOURS] + counts[slot] + counts[(slot + 1) % WEEK_HOURS];
        return near / (3 * weeks);
    }

    private static float decay(long hours) {
        return hours <= 0 ? 1f : (float) StrictMath.exp(-hours / TAU_HOURS);
    }

    void write(StateWriter out) {
        out.writeSigned(since);
        out.writeSigned(asOfHour - since);
        current.write(out);
        for (int i = 0; i < WEEK_HOURS; i += 8) {
            int mask = 0;
            for (int j = 0; j < 8; j++) {
                if (counts[i + j] != 0f) {
                    mask |= 1 << j;
                }
            }
            out.writeByte(mask);
        }
        for (int i = 0; i < WEEK_HOURS; i++) {
            if (counts[i] != 0f) {
                int bits = Float.floatToIntBits(counts[i]);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.writeByte((bits >>> shift) & 0xFF);
                }
            }
        }
    }

    static WeeklyRhythm read(StateReader in) {
        WeeklyRhythm rhythm = new WeeklyRhythm();
        rhythm.since = in.readSigned();
        rhythm.asOfHour = rhythm.since + in.readSigned();
        rhythm.current = Tumbling.read(in);
        boolean[] present = new boolean[WEEK_HOURS];
        for (int i = 0; i < WEEK_HOURS; i += 8) {
            int mask = in.readByte();
            for (int j = 0; j < 8; j++) {
                present[i + j] = (mask & (1 << j)) != 0;
            }
        }
        float total = 0;
        for (int i = 0; i < WEEK_HOURS; i++) {
            if (present[i]) {
                int bits = 0;
                for (int b = 0; b < 4; b++) {
                    bits = (bits << 8) | in.readByte();
                }
                rhythm.counts[i] = Float.intBitsToFloat(bits);
            }
            total += rhythm.counts[i];
        }
        rhythm.total = total;
        return rhythm;
    }
}
