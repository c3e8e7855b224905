package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small table of per-key figures (per tool, per tool and capability…), capped at {@code capacity} entries: each
 * a 32-bit hash of the key, the hour it was last used (epoch hours) and a value of the caller's type. When full,
 * the least recently used entry makes room, so an agent that churns through many keys keeps the ones it uses.
 * Lookups scan the table, which is O(capacity) and capacity is small (at most 64).
 *
 * <p>A 32-bit hash is enough: two keys of one agent's table collide with probability about
 * {@code capacity² / 2³³}, one in 30 million for 16 keys, and a collision only merges two baselines. Bytes: 4 for
 * the hash, 3 for the hour and the value's own, per entry.
 *
 * @param <E> the per-key figures, mutable, updated in place
 */
public final class CappedTable<E> {

    public static final int MAX_CAPACITY = 64;

    private final int capacity;
    private final Supplier<E> create;
    private int[] keys;
    private long[] lastHours;
    private Object[] values;
    private int size;

    public CappedTable(int capacity, Supplier<E> create) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": " + capacity);
        }
        this.capacity = capacity;
        this.create = create;
        int initial = Math.min(capacity, 4);
        this.keys = new int[initial];
        this.lastHours = new long[initial];
        this.values = new Object[initial];
    }

    /** The stored 32-bit hash of {@code key}: the two halves of its 64-bit FNV-1a hash folded together. */
    public static int hash(String key) {
        long h = SeenSet.hash(key);
        return (int) (h ^ (h >>> 32));
    }

    /** The figures of {@code key}, or null when it has none. */
    public E get(String key) {
        int i = indexOf(hash(key));
        return i < 0 ? null : value(i);
    }

    /**
     * The figures of {@code key}, created empty if it has none (evicting the least recently used key when the table
     * is full), marked as used at {@code time}.
     */
    public E touch(String key, long time) {
        int h = hash(key);
        long hour = Math.floorDiv(time, 3_600_000L);
        int i = indexOf(h);
        if (i < 0) {
            i = size == capacity ? stalest() : append();
            keys[i] = h;
            values[i] = create.get();
            lastHours[i] = hour;
        } else {
            lastHours[i] = Math.max(lastHours[i], hour);
        }
        return value(i);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public void write(StateWriter out, BiConsumer<E, StateWriter> writeValue) {
        out.writeUnsigned(size);
        for (int i = 0; i < size; i++) {
            int k = keys[i];
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.writeByte((k >>> shift) & 0xFF);
            }
            out.writeUnsigned(lastHours[i]);
            writeValue.accept(value(i), out);
        }
    }

    /** Reads what {@link #write} wrote; when {@code capacity} was lowered since, the first entries are kept. */
    public static <E> CappedTable<E> read(StateReader in, int capacity, Supplier<E> create,
                                          Function<StateReader, E> readValue) {
        CappedTable<E> table = new CappedTable<>(capacity, create);
        int n = in.readCount(MAX_CAPACITY, "table entry");
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int b = 0; b < 4; b++) {
                k = (k << 8) | in.readByte();
            }
            long hour = in.readUnsigned();
            E value = readValue.apply(in);
            if (table.size < capacity) {
                int at = table.append();
                table.keys[at] = k;
                table.lastHours[at] = hour;
                table.values[at] = value;
            }
        }
        return table;
    }

    private int indexOf(int h) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == h) {
                return i;
            }
        }
        return -1;
    }

    private int stalest() {
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (lastHours[i] < lastHours[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    private int append() {
        if (size == keys.length) {
            int length = Math.min(capacity, keys.length * 2);
            keys = Arrays.copyOf(keys, length);
            lastHours = Arrays.copyOf(lastHours, length);
            values = Arrays.copyOf(values, length);
        }
        return size++;
    }

    @SuppressWarnings("unchecked")
    private E value(int i) {
        return (E) values[i];
    }
}
