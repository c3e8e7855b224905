package dev.vigil.topology.baseline;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.nio.charset.StandardCharsets;

/**
 * The values an agent used (tools, principals, countries, models…), capped at {@code capacity} entries: each a
 * 64-bit hash of the value, how often it was seen (saturating) and when last (epoch minutes). When full, the
 * least recently seen entry makes room, so an agent that churns through many values forgets the stalest — a
 * value seen again after being evicted looks new. ~14 bytes per entry, so {@code capacity × 14} bytes at most.
 */
public final class SeenSet implements StateSection {

    private final int capacity;
    private long[] hashes;
    private long[] counts;
    private long[] lastMinutes;
    private int size;

    public SeenSet(int capacity) {
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("capacity must be 1..4096: " + capacity);
        }
        this.capacity = capacity;
        this.hashes = new long[Math.min(capacity, 8)];
        this.counts = new long[hashes.length];
        this.lastMinutes = new long[hashes.length];
    }

    /** A detector section that is just a seen-set of {@code capacity} values, stored under {@code name}. */
    public static SectionType<SeenSet> section(String name, int capacity) {
        return new SectionType<>(name, () -> new SeenSet(capacity), in -> read(in, capacity));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs and releases (it is stored). */
    public static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** How often {@code value} was seen (0: never, or forgotten). */
    public long count(String value) {
        int i = indexOf(hash(value));
        return i < 0 ? 0 : counts[i];
    }

    public boolean contains(String value) {
        return indexOf(hash(value)) >= 0;
    }

    /** Records a use of {@code value} at {@code time}; returns how often it was seen before (0: new). */
    public long touch(String value, long time) {
        long h = hash(value);
        long minute = Math.floorDiv(time, 60_000L);
        int i = indexOf(h);
        if (i >= 0) {
            long before = counts[i];
            counts[i] = Math.min(before + 1, Long.MAX_VALUE / 2);
            lastMinutes[i] = Math.max(lastMinutes[i], minute);
            return before;
        }
        if (size == capacity) {
            i = stalest();
        } else {
            grow();
            i = size++;
        }
        hashes[i] = h;
        counts[i] = 1;
        lastMinutes[i] = minute;
        return 0;
    }

    /** Number of distinct values remembered. */
    public int size() {
        return size;
    }

    /** Sum of the counts of all remembered values. */
    public long total() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += counts[i];
        }
        return sum;
    }

    private int indexOf(long h) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h) {
                return i;
            }
        }
        return -1;
    }

    private int stalest() {
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (lastMinutes[i] < lastMinutes[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    private void grow() {
        if (size < hashes.length) {
            return;
        }
        int length = Math.min(capacity, hashes.length * 2);
        hashes = java.util.Arrays.copyOf(hashes, length);
        counts = java.util.Arrays.copyOf(counts, length);
        lastMinutes = java.util.Arrays.copyOf(lastMinutes, length);
    }

    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(size);
        for (int i = 0; i < size; i++) {
            out.writeSigned(hashes[i]);
            out.writeUnsigned(counts[i]);
            out.writeSigned(lastMinutes[i]);
        }
    }

    public static SeenSet read(StateReader in, int capacity) {
        SeenSet set = new SeenSet(capacity);
        int n = in.readCount(4096, "seen value");
        for (int i = 0; i < n; i++) {
            long h = in.readSigned();
            long c = in.readUnsigned();
            long m = in.readSigned();
            if (set.size == capacity) {
                continue; // capacity lowered since it was written: keep the first ones
            }
            set.grow();
            set.hashes[set.size] = h;
            set.counts[set.size] = c;
            set.lastMinutes[set.size] = m;
            set.size++;
        }
        return set;
    }
}
