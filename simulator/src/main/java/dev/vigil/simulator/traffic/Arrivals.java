package dev.vigil.simulator.traffic;

import dev.vigil.simulator.random.Rng;
import java.util.Arrays;

/**
 * Poisson arrivals within one hour: exponential gaps at the agent's rate. An hour whose count falls outside
 * the bounds the model promises (15–30 an hour at work, times the agent's growth) is drawn again, so the result is a
 * Poisson process conditioned on a plausible count — it keeps exponential gaps and never produces a burst
 * that a real detector would rightly call a spike.
 */
public final class Arrivals {

    static final long HOUR_MILLIS = 3_600_000;
    private static final int MAX_DRAWS = 10_000;

    private Arrivals() {
    }

    /** Offsets in milliseconds from the start of the hour, ascending, between {@code min} and {@code max} of them. */
    public static long[] inHour(Rng rng, double ratePerHour, int min, int max) {
        long[] offsets = new long[max];
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            int count = 0;
            double at = rng.exponential(ratePerHour);
            while (at < 1.0 && count <= max) {
                if (count < max) {
                    offsets[count] = (long) (at * HOUR_MILLIS);
                }
                count++;
                at += rng.exponential(ratePerHour);
            }
            if (count >= min && count <= max) {
                return Arrays.copyOf(offsets, count);
            }
        }
        throw new IllegalArgumentException("a rate of " + ratePerHour + "/h cannot give " + min + "-" + max + " arrivals");
    }
}
