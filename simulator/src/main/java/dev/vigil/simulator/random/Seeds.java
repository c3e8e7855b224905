package dev.vigil.simulator.random;

/**
 * Derives independent seeds from the run seed and a path of stream numbers (agent, hour, purpose…), so every
 * slice of a simulation can be generated on its own and still come out the same for the same run seed.
 * Uses the SplitMix64 finalizer, whose output for neighbouring inputs is uncorrelated.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The seed for the stream {@code path} under {@code seed}; a different path gives an unrelated seed. */
    public static long derive(long seed, long... path) {
        long h = mix(seed);
        for (long step : path) {
            h = mix(h ^ mix(step + GOLDEN_GAMMA));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
