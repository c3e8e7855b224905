package dev.vigil.topology.detect.delegationrate;

import dev.vigil.topology.baseline.CappedTable;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code delegation_anomaly} remembers of an agent:
 * <ul>
 *   <li>children created per active hour: the current clock hour's count ({@link Tumbling}), whether it fired, and
 *       the running mean and variance over about {@value #HORIZON} earlier hours in which the agent did anything;</li>
 *   <li>children created in each of the last {@value #SLOTS} five-minute slots, for the sliding hour;</li>
 *   <li>the last {@value #RECENT} children created (hash and time), to see a revoke that follows its create within
 *       minutes, and the times of the last {@value #RECENT} such quick revokes.</li>
 * </ul>
 * About 170 bytes per agent at most.
 */
final class DelegationActivity implements StateSection {

    static final int HORIZON = 168;
    static final int SLOTS = 12;
    static final long SLOT_MS = 5 * 60_000L;
    static final int RECENT = 8;
    static final SectionType<DelegationActivity> SECTION =
            new SectionType<>("delegation_anomaly", DelegationActivity::new, DelegationActivity::read);

    Tumbling hour = new Tumbling();
    Moments createsPerHour = new Moments();
    /** The newest five-minute slot counted (epoch slots), and the counts of it and the {@value #SLOTS} − 1 before. */
    long headSlot = Long.MIN_VALUE;
    final long[] slotCounts = new long[SLOTS];
    /** The last children created (32-bit hash of the id) and when (epoch seconds; 0 = empty or consumed), a ring. */
    final int[] createdChildren = new int[RECENT];
    final long[] createdAt = new long[RECENT];
    int nextCreated;
    /** Epoch seconds of the last quick revokes, a ring; 0 = empty. */
    final long[] quickRevokes = new long[RECENT];
    int nextQuickRevoke;

    /** Counts a create at {@code time} in the sliding slots; returns the creates in the last hour up to the newest slot. */
    long countCreate(long time) {
        long slot = Math.floorDiv(time, SLOT_MS);
        if (headSlot == Long.MIN_VALUE || slot > headSlot) {
            long clear = headSlot == Long.MIN_VALUE ? SLOTS : Math.min(SLOTS, slot - headSlot);
            for (long s = slot - clear + 1; s <= slot; s++) {
                slotCounts[(int) Math.floorMod(s, SLOTS)] = 0;
            }
            headSlot = slot;
        }
        if (slot > headSlot - SLOTS) {
            slotCounts[(int) Math.floorMod(slot, SLOTS)]++;
        }
        long sum = 0;
        for (long count : slotCounts) {
            sum += count;
        }
        return sum;
    }

    void rememberCreate(String child, long second) {
        createdChildren[nextCreated] = CappedTable.hash(child);
        createdAt[nextCreated] = second;
        nextCreated = (nextCreated + 1) % RECENT;
    }

    /**
     * How long ago (seconds) {@code child} was created, if it is among the last children created, or -1; the create
     * is consumed, so one create counts towards one revoke.
     */
    long lifetimeOnRevoke(String child, long second) {
        int hash = CappedTable.hash(child);
        int latest = -1;
        for (int i = 0; i < RECENT; i++) {
            if (createdAt[i] != 0 && createdChildren[i] == hash && (latest < 0 || createdAt[i] > createdAt[latest])) {
                latest = i;
            }
        }
        if (latest < 0 || createdAt[latest] > second) {
            return -1;
        }
        long lifetime = second - createdAt[latest];
        createdAt[latest] = 0;
        return lifetime;
    }

    /** Records a quick revoke at {@code second}; returns how many of the remembered ones are within {@code spanSeconds}. */
    int quickRevoke(long second, long spanSeconds) {
        quickRevokes[nextQuickRevoke] = second;
        nextQuickRevoke = (nextQuickRevoke + 1) % RECENT;
        int within = 0;
        for (long at : quickRevokes) {
            if (at != 0 && second - at < spanSeconds && at - second < spanSeconds) {
                within++;
            }
        }
        return within;
    }

    @Override
    public void write(StateWriter out) {
        hour.write(out);
        createsPerHour.write(out);
        out.writeSigned(headSlot);
        if (headSlot != Long.MIN_VALUE) {
            for (long count : slotCounts) {
                out.writeUnsigned(count);
            }
        }
        out.writeUnsigned(nextCreated);
        for (int i = 0; i < RECENT; i++) {
            out.writeUnsigned(createdAt[i]);
            if (createdAt[i] != 0) {
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.writeByte((createdChildren[i] >>> shift) & 0xFF);
                }
            }
        }
        out.writeUnsigned(nextQuickRevoke);
        for (long at : quickRevokes) {
            out.writeUnsigned(at);
        }
    }

    static DelegationActivity read(StateReader in) {
        DelegationActivity a = new DelegationActivity();
        a.hour = Tumbling.read(in);
        a.createsPerHour = Moments.read(in);
        a.headSlot = in.readSigned();
        if (a.headSlot != Long.MIN_VALUE) {
            for (int i = 0; i < SLOTS; i++) {
                a.slotCounts[i] = in.readUnsigned();
            }
        }
        a.nextCreated = in.readCount(RECENT - 1, "created child position");
        for (int i = 0; i < RECENT; i++) {
            a.createdAt[i] = in.readUnsigned();
            if (a.createdAt[i] != 0) {
                int hash = 0;
                for (int b = 0; b < 4; b++) {
                    hash = (hash << 8) | in.readByte();
                }
                a.createdChildren[i] = hash;
            }
        }
        a.nextQuickRevoke = in.readCount(RECENT - 1, "quick revoke position");
        for (int i = 0; i < RECENT; i++) {
            a.quickRevokes[i] = in.readUnsigned();
        }
        return a;
    }
}
