package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;

/**
 * Running mean and variance of one figure (events per window, cost per call, latency…), exponentially weighted
 * over about {@code horizon} samples: the first {@code horizon} samples weigh equally (an ordinary mean), later
 * ones forget the oldest at rate {@code 1/horizon}. O(1) per sample, 17 bytes or so whatever the traffic.
 *
 * <p>{@link #z} compares a new value with it and widens the tolerance for noisy figures: the deviation is
 * divided by the larger of the standard deviation and a floor the caller gives (for counts, the Poisson noise
 * {@code sqrt(mean)} plus one), so a quiet, regular agent is held to a tight band and a noisy, high-volume one gets
 * a wide one.
 */
public final class Moments {

    private long count;
    private double mean;
    private double variance;

    public Moments() {
    }

    private Moments(long count, double mean, double variance) {
        this.count = count;
        this.mean = mean;
        this.variance = variance;
    }

    /** Adds one sample, remembering about {@code horizon} samples (at least 1). */
    public void add(double value, int horizon) {
        count++;
        double alpha = 1.0 / Math.min(count, Math.max(1, horizon));
        double delta = value - mean;
        mean += alpha * delta;
        variance = (1 - alpha) * (variance + alpha * delta * delta);
    }

    /** Adds {@code n} samples of {@code value} (e.g. windows without events), stopping once they dominate. */
    public void addRepeated(double value, long n, int horizon) {
        long steps = Math.min(n, 4L * Math.max(1, horizon));
        for (long i = 0; i < steps; i++) {
            add(value, horizon);
        }
    }

    /** Number of samples seen. */
    public long count() {
        return count;
    }

    public double mean() {
        return mean;
    }

    public double variance() {
        return variance;
    }

    public double standardDeviation() {
        return Math.sqrt(variance);
    }

    /** {@code (value - mean) / max(standard deviation, floor)}; {@code floor} must be positive. */
    public double z(double value, double floor) {
        return (value - mean) / Math.max(standardDeviation(), floor);
    }

    /** The Poisson floor for counts: {@code sqrt(mean) + 1}. */
    public double countFloor() {
        return Math.sqrt(Math.max(0, mean)) + 1;
    }

    public void write(StateWriter out) {
        out.writeUnsigned(count);
        if (count > 0) {
            out.writeDouble(mean);
            out.writeDouble(variance);
        }
    }

    public static Moments read(StateReader in) {
        long count = in.readUnsigned();
        if (count == 0) {
            return new Moments();
        }
        return new Moments(count, in.readDouble(), in.readDouble());
    }

    @Override
    public String toString() {
        return "Moments{n=" + count + ", mean=" + mean + ", sd=" + standardDeviation() + "}";
    }
}
