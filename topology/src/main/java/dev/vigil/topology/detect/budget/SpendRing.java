package dev.vigil.topology.detect.budget;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.util.Arrays;

/**
 * An agent's spend in micro-dollars per event-time bucket, for the most recent {@code size} buckets, in a fixed
 * ring for {@code budget_overspend}: O(1) to add, O(window) to find a burst, the same bytes whatever the traffic.
 * The ring is anchored on the newest bucket seen; moving it forward clears the buckets it passes over. When the
 * bucket length changes (the window was reconfigured), the ring starts over.
 *
 * <p>Format: varint bucket length (ms); varint size; if any bucket was seen, zigzag newest bucket index and the
 * amounts oldest first as varints (1 byte for an empty bucket, 5 up to $34,359, at most 9). With the defaults
 * (15-second buckets, 40 of them) that is ~45 bytes for an agent with little spend, ~250 for a heavy
 * spender.
 */
final class SpendRing implements StateSection {

    static final SectionType<SpendRing> SECTION = new SectionType<>("budget_overspend", SpendRing::new, SpendRing::read);

    /** Most buckets a ring may have (window buckets plus the slack for out-of-order receipts). */
    static final int MAX_SIZE = 1024;
    private static final long EMPTY = Long.MIN_VALUE;

    private long bucketMs;
    private long head = EMPTY;
    private long[] micros = new long[0];

    /** A burst: the buckets {@code from..to} and the spend they hold. */
    record Burst(long from, long to, long micros) {
    }

    /** Makes this a ring of {@code size} buckets of {@code length} ms, starting over if the length changed. */
    void shape(long length, int size) {
        if (length != bucketMs) {
            bucketMs = length;
            head = EMPTY;
            micros = new long[size];
            return;
        }
        if (size != micros.length) {
            long[] resized = new long[size];
            if (head != EMPTY) {
                for (long b = head - Math.min(size, micros.length) + 1; b <= head; b++) {
                    resized[slot(b, size)] = micros[slot(b, micros.length)];
                }
            }
            micros = resized;
        }
    }

    long bucketMs() {
        return bucketMs;
    }

    /** The bucket index of {@code time}. */
    long bucketOf(long time) {
        return Math.floorDiv(time, bucketMs);
    }

    /** Adds {@code amount} to {@code bucket}; false when that bucket is older than the ring. */
    boolean add(long bucket, long amount) {
        if (head == EMPTY || bucket > head) {
            advanceTo(bucket);
        } else if (bucket <= head - micros.length) {
            return false;
        }
        int slot = slot(bucket, micros.length);
        micros[slot] = saturatedAdd(micros[slot], amount);
        return true;
    }

    /**
     * The fullest run of {@code width} consecutive buckets that holds {@code bucket} and lies in the ring (for an
     * event in the newest bucket, the run ending there), narrowed to the buckets from its first to its last spend.
     */
    Burst fullest(long bucket, int width) {
        long oldest = head - micros.length + 1;
        long firstStart = Math.max(bucket - width + 1, oldest);
        long lastStart = Math.min(bucket, head - width + 1);
        if (lastStart < firstStart) {
            lastStart = firstStart;
        }
        long total = 0;
        for (long b = firstStart; b < firstStart + width; b++) {
            total = saturatedAdd(total, at(b));
        }
        long bestStart = firstStart;
        long best = total;
        for (long start = firstStart + 1; start <= lastStart; start++) {
            total = total - at(start - 1) + at(start + width - 1);
            if (total > best) {
                bestStart = start;
                best = total;
            }
        }
        return trimmed(bestStart, bestStart + width - 1, best);
    }

    /** The burst narrowed to its first and last buckets with spend (the whole run when it holds none). */
    private Burst trimmed(long from, long to, long total) {
        long first = from;
        long last = to;
        while (first < last && at(first) == 0) {
            first++;
        }
        while (last > first && at(last) == 0) {
            last--;
        }
        return new Burst(first, last, total);
    }

    private long at(long bucket) {
        if (head == EMPTY || bucket > head || bucket <= head - micros.length) {
            return 0;
        }
        return micros[slot(bucket, micros.length)];
    }

    private void advanceTo(long bucket) {
        if (head == EMPTY || bucket - head >= micros.length) {
            Arrays.fill(micros, 0);
        } else {
            for (long b = head + 1; b <= bucket; b++) {
                micros[slot(b, micros.length)] = 0;
            }
        }
        head = bucket;
    }

    private static int slot(long bucket, int size) {
        return (int) Math.floorMod(bucket, (long) size);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(bucketMs);
        out.writeUnsigned(micros.length);
        if (head == EMPTY) {
            out.writeUnsigned(0);
            return;
        }
        out.writeUnsigned(1);
        out.writeSigned(head);
        for (long b = head - micros.length + 1; b <= head; b++) {
            out.writeUnsigned(micros[slot(b, micros.length)]);
        }
    }

    static SpendRing read(StateReader in) {
        SpendRing ring = new SpendRing();
        ring.bucketMs = in.readUnsigned();
        ring.micros = new long[in.readCount(MAX_SIZE, "spend bucket")];
        if (in.readUnsigned() == 0) {
            return ring;
        }
        ring.head = in.readSigned();
        for (long b = ring.head - ring.micros.length + 1; b <= ring.head; b++) {
            long amount = in.readUnsigned();
            if (amount < 0) {
                throw in.corrupt("negative spend " + amount);
            }
            ring.micros[slot(b, ring.micros.length)] = amount;
        }
        return ring;
    }
}
