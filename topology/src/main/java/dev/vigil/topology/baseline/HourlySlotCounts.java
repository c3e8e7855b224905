package dev.vigil.topology.baseline;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import dev.vigil.avro.AgentProfile;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.LongPredicate;

/**
 * A count per event-time hour (an agent's events, its receipts…) and what that hour of the day usually holds, on
 * weekdays and at weekends apart ({@link HourOfWeek#dayTypeSlot}, in the zone the caller gives): the running
 * total of the current hour, and one {@link SlotMoments} slot per day-type hour, fed with each hour as it
 * closes. An agent busy at 10:00 on weekdays and idle at 03:00 is compared with its own 10:00 and its own 03:00.
 *
 * <p>Feeding: when an hour is final (the grace after its end passed, or the next hour closed too), it is fed to
 * its slot unless the caller's {@code mayLearn} refuses it (an alert of the rule holds learning) or it is the hour the agent was
 * first seen in (only part of it was watched); every empty hour after it is fed as a zero (the last week of
 * them at most: a week-long baseline has no use for more). A weekday slot remembers about
 * {@value #WEEKDAY_HORIZON} samples (one week), a weekend slot about {@value #WEEKEND_HORIZON} (two weekends: a
 * weekend hour comes only twice a week, and two samples are too few for a spread).
 *
 * <p>State: the current hour ({@link Tumbling}, 6 to 13 bytes) and 48 slots of 9 bytes once sampled: 444
 * bytes once every slot has a sample, whatever the traffic.
 */
public final class HourlySlotCounts implements StateSection {

    public static final long HOUR_MS = 3_600_000L;
    public static final int WEEKDAY_HORIZON = 5;
    public static final int WEEKEND_HORIZON = 4;
    static final int MAX_EMPTY_HOURS_FED = HourOfWeek.SLOTS;

    private final Tumbling hour;
    private final SlotMoments slots;

    public HourlySlotCounts() {
        this(new Tumbling(), new SlotMoments(HourOfWeek.DAY_TYPE_SLOTS));
    }

    private HourlySlotCounts(Tumbling hour, SlotMoments slots) {
        this.hour = hour;
        this.slots = slots;
    }

    /**
     * Moves to the hour of {@code time}, feeding each hour that became final (an hour is held open for the
     * grace after its end, for out-of-order events: see {@link Tumbling}) and the empty hours after it.
     *
     * @param graceMs     how long after its end an hour still takes out-of-order events
     * @param firstSeenAt when the agent was first seen: its first hour is not a sample
     * @param mayLearn    asked with the last millisecond of the closed hour: false keeps it out of the baseline
     */
    public void advance(long time, long graceMs, ZoneId zone, long firstSeenAt, LongPredicate mayLearn) {
        for (Tumbling.Closed closed; (closed = hour.advance(time, HOUR_MS, graceMs)) != null; ) {
            long closedEnd = (closed.windowIndex() + 1) * HOUR_MS;
            if (!closed.seen()) {
                feed(closed.windowIndex(), 0, zone);
            } else if (closed.windowIndex() != Math.floorDiv(firstSeenAt, HOUR_MS) && mayLearn.test(closedEnd - 1)) {
                feed(closed.windowIndex(), closed.total(), zone);
            }
            long lastEmpty = closed.windowIndex() + closed.emptyAfter();
            for (long empty = lastEmpty - Math.min(closed.emptyAfter(), MAX_EMPTY_HOURS_FED) + 1; empty <= lastEmpty; empty++) {
                feed(empty, 0, zone);
            }
        }
    }

    /** Adds {@code amount} at {@code time}: to the hour held open when it is the event's, else to the current. */
    public void add(double amount, long time) {
        hour.add(amount, time, HOUR_MS);
    }

    /** True when {@code time} falls in the hour held open after it closed, not in the current hour. */
    public boolean inPreviousHour(long time) {
        return hour.inPending(time, HOUR_MS);
    }

    /** The current hour's total so far. */
    public double current() {
        return hour.total();
    }

    /** Start of the current hour, epoch ms. */
    public long hourStart() {
        return hour.windowStart(HOUR_MS);
    }

    /** The day-type slot of the current hour in {@code zone}. */
    public int slot(ZoneId zone) {
        return HourOfWeek.dayTypeSlot(hourStart(), zone);
    }

    /** What each day-type hour usually holds. */
    public SlotMoments slots() {
        return slots;
    }

    private void feed(long hourIndex, double total, ZoneId zone) {
        int slot = HourOfWeek.dayTypeSlot(hourIndex * HOUR_MS, zone);
        slots.add(slot, total, isWeekend(slot) ? WEEKEND_HORIZON : WEEKDAY_HORIZON);
    }

    /**
     * The zone an agent's hours are read in: its operating window's, so that its 09:00 stays its 09:00 across a
     * change of daylight saving time, else UTC (also for an unreadable zone).
     */
    public static ZoneId zoneOf(AgentProfile profile) {
        if (profile == null || profile.getOperatingWindow() == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(profile.getOperatingWindow().getTimezone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** A slot for people: {@code weekday 10:00}, {@code weekend 03:00}, and the zone unless it is UTC. */
    public static String describe(int dayTypeSlot, ZoneId zone) {
        String text = (isWeekend(dayTypeSlot) ? "weekend " : "weekday ") + String.format(Locale.ROOT, "%02d:00", dayTypeSlot % 24);
        return zone.normalized().equals(ZoneOffset.UTC) ? text : text + " " + zone.getId();
    }

    /** True for the slots of Saturday and Sunday. */
    public static boolean isWeekend(int dayTypeSlot) {
        return dayTypeSlot >= 24;
    }

    @Override
    public void write(StateWriter out) {
        hour.write(out);
        slots.write(out);
    }

    public static HourlySlotCounts read(StateReader in) {
        return new HourlySlotCounts(Tumbling.read(in), SlotMoments.read(in));
    }
}
