package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;

/**
 * {@link Moments} for each of a fixed number of slots (the 48 {@link HourOfWeek#dayTypeSlot day-type slots}, the
 * 168 hours of the week…), kept small enough to have one per hour of the day: per slot a sample count
 * (saturating at {@value #MAX_COUNT}, one byte) and the mean and variance as 32-bit floats, so 9 bytes a slot
 * once sampled and one byte before — 48 slots in 433 bytes where 48 {@link Moments} take about 820. A float's
 * 24-bit mantissa is far finer than the noise of any count or sum it summarises.
 *
 * <p>The update is {@link Moments#add}'s: the first {@code horizon} samples of a slot weigh equally, later ones
 * forget the oldest at rate {@code 1/horizon}. Values are rounded to float as they are stored, in memory too, so
 * a state restored from its bytes continues exactly as the one that wrote them.
 */
public final class SlotMoments {

    /** The largest count kept (and so the largest useful horizon): one varint byte. */
    public static final int MAX_COUNT = 127;
    private static final int MAX_SLOTS = 4096;

    private final byte[] counts;
    private final float[] means;
    private final float[] variances;

    public SlotMoments(int slots) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ": " + slots);
        }
        counts = new byte[slots];
        means = new float[slots];
        variances = new float[slots];
    }

    public int slots() {
        return counts.length;
    }

    /** Adds one sample to {@code slot}, remembering about {@code horizon} (1..{@value #MAX_COUNT}) of them. */
    public void add(int slot, double value, int horizon) {
        int n = Math.min(counts[slot] + 1, MAX_COUNT);
        counts[slot] = (byte) n;
        double alpha = 1.0 / Math.min(n, Math.max(1, Math.min(horizon, MAX_COUNT)));
        double delta = value - means[slot];
        means[slot] = (float) (means[slot] + alpha * delta);
        variances[slot] = (float) ((1 - alpha) * (variances[slot] + alpha * delta * delta));
    }

    /** Samples the slot has seen (at most {@value #MAX_COUNT}). */
    public int count(int slot) {
        return counts[slot];
    }

    public double mean(int slot) {
        return means[slot];
    }

    public double standardDeviation(int slot) {
        return Math.sqrt(variances[slot]);
    }

    /** {@code (value - mean) / max(standard deviation, floor)}; {@code floor} must be positive. */
    public double z(int slot, double value, double floor) {
        return (value - mean(slot)) / Math.max(standardDeviation(slot), floor);
    }

    /** The Poisson floor for counts in {@code slot}: {@code sqrt(mean) + 1}, as {@link Moments#countFloor}. */
    public double countFloor(int slot) {
        return Math.sqrt(Math.max(0, mean(slot))) + 1;
    }

    public void write(StateWriter out) {
        out.writeUnsigned(counts.length);
        for (int i = 0; i < counts.length; i++) {
            out.writeUnsigned(counts[i]);
            if (counts[i] > 0) {
                writeFloat(out, means[i]);
                writeFloat(out, variances[i]);
            }
        }
    }

    public static SlotMoments read(StateReader in) {
        SlotMoments slots = new SlotMoments(in.readCount(MAX_SLOTS, "slot"));
        for (int i = 0; i < slots.counts.length; i++) {
            slots.counts[i] = (byte) in.readCount(MAX_COUNT, "slot sample");
            if (slots.counts[i] > 0) {
                slots.means[i] = readFloat(in);
                slots.variances[i] = readFloat(in);
            }
        }
        return slots;
    }

    private static void writeFloat(StateWriter out, float value) {
        int bits = Float.floatToIntBits(value);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.writeByte((bits >>> shift) & 0xFF);
        }
    }

    private static float readFloat(StateReader in) {
        int bits = 0;
        for (int i = 0; i < 4; i++) {
            bits = (bits << 8) | in.readByte();
        }
        return Float.intBitsToFloat(bits);
    }
}
