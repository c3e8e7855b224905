package dev.vigil.simulator.traffic;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Activity;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's ordinary traffic, one UTC hour at a time: 15–30 events in an hour inside its operating window,
 * 0–2 outside it, at Poisson arrival times around the agent's own rates. Each (agent, hour) draws from its own
 * random stream, so an hour comes out the same whatever range of the run is generated.
 */
public final class NormalTraffic {

    public static final int BUSY_MIN = 15;
    public static final int BUSY_MAX = 30;
    public static final int QUIET_MAX = 2;

    private NormalTraffic() {
    }

    /** The events of {@code factory}'s agent in the UTC hour starting at {@code epochHour} × 1 h, ascending. */
    public static List<AgentEvent> hour(EventFactory factory, long epochHour, long runSeed) {
        Instant hourStart = Instant.ofEpochMilli(epochHour * Arrivals.HOUR_MILLIS);
        Activity activity = factory.agent().activity();
        Rng rng = Rng.of(runSeed, Purpose.TRAFFIC, factory.agent().number(), epochHour);
        long[] offsets = activity.schedule().contains(hourStart)
                ? Arrivals.inHour(rng, activity.busyRate(), BUSY_MIN, BUSY_MAX)
                : Arrivals.inHour(rng, activity.quietRate(), 0, QUIET_MAX);
        List<AgentEvent> events = new ArrayList<>(offsets.length);
        for (long offset : offsets) {
            events.add(factory.next(hourStart.plusMillis(offset), rng));
        }
        return events;
    }
}
