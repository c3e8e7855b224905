package dev.vigil.simulator.random;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The simulator's one source of randomness, with the few distributions fleet traffic needs. Every draw goes
 * through here, and every instance starts from a seed {@link Seeds derived} from the run seed, so a run is
 * reproducible bit for bit. The distributions are written out (not taken from the JDK's defaults) so that their
 * algorithms cannot change under us between JDK versions.
 */
public final class Rng {

    private final SplittableRandom random;

    private Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A generator for the stream {@code path} of {@code purpose} under {@code seed}. */
    public static Rng of(long seed, Purpose purpose, long... path) {
        long[] full = new long[path.length + 1];
        full[0] = purpose.code();
        System.arraycopy(path, 0, full, 1, path.length);
        return new Rng(Seeds.derive(seed, full));
    }

    /** Uniform in [0, 1). */
    public double uniform() {
        return random.nextDouble();
    }

    /** Uniform in [low, high). */
    public double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /** Uniform integer in [low, high], both inclusive. */
    public int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** Uniform long in [low, high), or {@code low} when the range is empty. */
    public long below(long low, long high) {
        return high <= low ? low : random.nextLong(low, high);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Exponential with the given rate (mean 1/rate): the gap between two Poisson arrivals. */
    public double exponential(double rate) {
        return -Math.log(1.0 - random.nextDouble()) / rate;
    }

    /** Standard normal by the Box–Muller transform. */
    public double gaussian() {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** Log-normal given its median and the standard deviation of its logarithm. */
    public double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    /** One element, uniformly. */
    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Index chosen with probability proportional to its weight. */
    public int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** {@code n} distinct elements in random order (a partial Fisher–Yates shuffle). */
    public <T> List<T> sample(List<T> items, int n) {
        List<T> copy = new ArrayList<>(items);
        int count = Math.min(n, copy.size());
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(copy.size() - i);
            T swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return List.copyOf(copy.subList(0, count));
    }

    /** A random (version 4) UUID drawn from this generator, for ids that must be unique and reproducible. */
    public UUID uuid() {
        long msb = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
