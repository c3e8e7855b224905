package dev.vigil.topology.rules;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One custom rule's sliding window for one agent: {@value #BUCKETS} buckets of {@code timeWindow / 60} each (5 s
 * for {@code 5m}, 1 min for {@code 1h}, 24 min for {@code 24h}), the newest holding the newest matching event. The
 * window is that bucket and the 59 before it, so it spans between 59/60 of {@code timeWindow} and all of it, and
 * it slides one bucket at a time.
 *
 * <ul>
 *   <li>{@code count} and {@code sum}: one running total and one figure per bucket; an event adds to its bucket,
 *       and moving to a newer bucket subtracts the buckets that leave the window (at most 60 array slots, nothing
 *       allocated): O(1) per event, at most 60 figures kept.</li>
 *   <li>{@code distinct}: the most recently seen values (each with its newest bucket), at most {@code threshold}
 *       of them: the window holds at least {@code threshold} distinct values exactly when the {@code threshold}
 *       most recent ones are all inside it, so keeping more would not change a decision. O(1) amortised per event
 *       (a linked hash map in order of last sight; values leave from the old end).</li>
 * </ul>
 *
 * <p>An event whose bucket is already outside the window (older than the newest bucket by 60 or more) is not
 * added; the rule judges it on its own ({@code count} 1, its own value for {@code sum}, 1 for {@code distinct}).
 * The section records the {@link ActiveRule#fingerprint} of the condition it counts for: a rule whose filters,
 * expression, aggregate or window changed starts from an empty window (an old count means something else).
 */
final class RuleWindow implements StateSection {

    static final int BUCKETS = 60;
    private static final long NONE = Long.MIN_VALUE;

    private final long fingerprint;
    private final Aggregate.Kind kind;
    private final int capacity;
    private long newest = NONE;
    private final long[] amounts;
    private final long[] bucketOf;
    private long total;
    private final LinkedHashMap<String, Long> values;

    RuleWindow(long fingerprint, Aggregate.Kind kind, int capacity) {
        this.fingerprint = fingerprint;
        this.kind = kind;
        this.capacity = capacity;
        if (kind == Aggregate.Kind.DISTINCT) {
            this.amounts = null;
            this.bucketOf = null;
            this.values = new LinkedHashMap<>();
        } else {
            this.amounts = new long[BUCKETS];
            this.bucketOf = new long[BUCKETS];
            Arrays.fill(bucketOf, NONE);
            this.values = null;
        }
    }

    long fingerprint() {
        return fingerprint;
    }

    /** The newest bucket counted, or {@link Long#MIN_VALUE} when the window is empty. */
    long newestBucket() {
        return newest;
    }

    /**
     * Adds {@code amount} (1 for {@code count}) in {@code bucket} and returns the window's total, or returns
     * {@code amount} alone when the bucket has left the window.
     */
    long add(long bucket, long amount) {
        if (newest != NONE && bucket <= newest - BUCKETS) {
            return amount;
        }
        advanceTo(bucket);
        int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
        bucketOf[slot] = bucket;
        amounts[slot] = saturatedAdd(amounts[slot], amount);
        total = saturatedAdd(total, amount);
        return total;
    }

    /** Records {@code value} as seen in {@code bucket} and returns how many distinct values the window holds (capped). */
    long addValue(long bucket, String value) {
        if (newest != NONE && bucket <= newest - BUCKETS) {
            return 1;
        }
        newest = newest == NONE ? bucket : Math.max(newest, bucket);
        Long before = values.remove(value);
        values.put(value, before == null ? bucket : Math.max(before, bucket));
        Iterator<Map.Entry<String, Long>> oldest = values.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Long> e = oldest.next();
            if (e.getValue() > newest - BUCKETS && values.size() <= capacity) {
                break;
            }
            oldest.remove();
        }
        return values.size();
    }

    private void advanceTo(long bucket) {
        if (newest == NONE || bucket - newest >= BUCKETS) {
            Arrays.fill(amounts, 0);
            Arrays.fill(bucketOf, NONE);
            total = 0;
            newest = bucket;
            return;
        }
        for (long b = newest + 1; b <= bucket; b++) {
            int slot = (int) Math.floorMod(b, (long) BUCKETS);
            if (bucketOf[slot] != NONE) {
                total -= amounts[slot];
                amounts[slot] = 0;
                bucketOf[slot] = NONE;
            }
        }
        newest = Math.max(newest, bucket);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** Figures kept: buckets with an amount, or distinct values. */
    int size() {
        if (values != null) {
            return values.size();
        }
        int n = 0;
        for (long b : bucketOf) {
            n += b == NONE ? 0 : 1;
        }
        return n;
    }

    @Override
    public void write(StateWriter out) {
        out.writeSigned(fingerprint);
        out.writeByte(kind.ordinal());
        out.writeUnsigned(capacity);
        out.writeSigned(newest);
        if (values != null) {
            out.writeUnsigned(values.size());
            values.forEach((value, bucket) -> {
                out.writeString(value);
                out.writeUnsigned(newest - bucket);
            });
            return;
        }
        out.writeUnsigned(size());
        for (int slot = 0; slot < BUCKETS; slot++) {
            if (bucketOf[slot] != NONE) {
                out.writeUnsigned(newest - bucketOf[slot]);
                out.writeSigned(amounts[slot]);
            }
        }
    }

    static RuleWindow read(StateReader in) {
        long fingerprint = in.readSigned();
        int kindIndex = in.readByte();
        if (kindIndex < 0 || kindIndex >= Aggregate.Kind.values().length) {
            throw in.corrupt("unknown aggregate " + kindIndex);
        }
        Aggregate.Kind kind = Aggregate.Kind.values()[kindIndex];
        int capacity = (int) Math.min(in.readUnsigned(), RuleCondition.MAX_DISTINCT);
        RuleWindow w = new RuleWindow(fingerprint, kind, capacity);
        w.newest = in.readSigned();
        if (kind == Aggregate.Kind.DISTINCT) {
            int n = in.readCount(capacity, "distinct values");
            for (int i = 0; i < n; i++) {
                String value = in.readString();
                w.values.put(value, w.newest - in.readUnsigned());
            }
            return w;
        }
        int n = in.readCount(BUCKETS, "buckets");
        for (int i = 0; i < n; i++) {
            long bucket = w.newest - in.readUnsigned();
            long amount = in.readSigned();
            int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
            w.bucketOf[slot] = bucket;
            w.amounts[slot] = amount;
            w.total = saturatedAdd(w.total, amount);
        }
        return w;
    }
}
