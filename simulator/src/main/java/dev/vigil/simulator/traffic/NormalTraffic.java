package dev.vigil.simulator.traffic;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Activity;
import dev.vigil.simulator.fleet.Schedule;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An agent's ordinary traffic, one UTC hour at a time. Inside its working hours (declared or not) a Poisson agent
 * makes 15–30 events an hour at Poisson arrival times around its own rate — times its growth since the run started,
 * bounds included — and a cron agent one burst at the top of the hour; outside them nothing at all. The agent's
 * first working hour of the run starts with its {@link EventFactory#covering covering} events, so that every tool,
 * model, principal and address it will use is seen on its first day. Each (agent, hour) draws from its own random
 * stream, so an hour comes out the same whatever range of the run is generated.
 */
public final class NormalTraffic {

    public static final int BUSY_MIN = 15;
    public static final int BUSY_MAX = 30;
    private static final double MILLIS_PER_DAY = 86_400_000.0;
    private static final double CRON_SPREAD = 0.1;

    private NormalTraffic() {
    }

    /**
     * The events of {@code factory}'s agent in the UTC hour starting at {@code epochHour} × 1 h, ascending, in a
     * run that starts at {@code runStart} (growth and the first hour count from there).
     */
    public static List<AgentEvent> hour(EventFactory factory, long epochHour, long runSeed, Instant runStart) {
        Instant hourStart = Instant.ofEpochMilli(epochHour * Arrivals.HOUR_MILLIS);
        Activity activity = factory.agent().activity();
        Schedule schedule = activity.schedule();
        if (!schedule.contains(hourStart)) {
            return List.of();
        }
        Rng rng = Rng.of(runSeed, Purpose.TRAFFIC, factory.agent().number(), epochHour);
        long[] offsets = activity.cron() != null ? cron(rng, activity.cron()) : poisson(rng, activity, hourStart, runStart);
        long coverFrom = Math.max(0, runStart.toEpochMilli() - hourStart.toEpochMilli());
        int covering = 0;
        if (factory.firstHour(runStart) == epochHour) {
            covering = factory.coveringSize();
            offsets = atLeast(offsets, covering, coverFrom, rng);
        }
        List<AgentEvent> events = new ArrayList<>(offsets.length);
        int covered = 0;
        for (long offset : offsets) {
            Instant at = hourStart.plusMillis(offset);
            events.add(covered < covering && offset >= coverFrom
                    ? factory.covering(covered++, at, rng) : factory.next(at, rng));
        }
        return events;
    }

    /** Poisson arrivals at the agent's rate, grown by the days since the run started, bounds grown alike. */
    private static long[] poisson(Rng rng, Activity activity, Instant hourStart, Instant runStart) {
        double growth = activity.growth((hourStart.toEpochMilli() - runStart.toEpochMilli()) / MILLIS_PER_DAY);
        return Arrivals.inHour(rng, activity.busyRate() * growth, (int) Math.round(BUSY_MIN * growth),
                (int) Math.round(BUSY_MAX * growth));
    }

    /** The hourly burst: its size give or take a tenth, starting within the jitter after :00, over its length. */
    private static long[] cron(Rng rng, Activity.CronBurst burst) {
        int count = (int) Math.round(burst.size() * rng.uniform(1 - CRON_SPREAD, 1 + CRON_SPREAD));
        long start = rng.below(0, burst.jitterSeconds() * 1000L);
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = start + rng.below(0, burst.lengthSeconds() * 1000L);
        }
        Arrays.sort(offsets);
        return offsets;
    }

    /** {@code offsets} with enough more, uniform in [from, 1 h), that at least {@code count} lie at or after from. */
    private static long[] atLeast(long[] offsets, int count, long from, Rng rng) {
        long inside = Arrays.stream(offsets).filter(o -> o >= from).count();
        if (inside >= count) {
            return offsets;
        }
        long[] more = Arrays.copyOf(offsets, offsets.length + (int) (count - inside));
        for (int i = offsets.length; i < more.length; i++) {
            more[i] = rng.below(from, Arrivals.HOUR_MILLIS);
        }
        Arrays.sort(more);
        return more;
    }
}
