package dev.vigil.topology.detect.failures;

import dev.vigil.avro.Outcome;
import dev.vigil.topology.baseline.MinuteRing;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * {@code high_failure_rate}'s memory: the agent's requests, denials and errors per event-time minute over the
 * window (15 minutes by default), in a {@link MinuteRing}. Three varints a minute, mostly one byte each: 53
 * bytes for 15 minutes; the longest window (1 h) at 10,000 requests a minute would take about 400.
 */
final class FailureMinutes implements StateSection {

    static final int REQUESTS = 0;
    static final int DENIED = 1;
    static final int ERRORS = 2;

    private MinuteRing ring;

    FailureMinutes() {
        this(null);
    }

    private FailureMinutes(MinuteRing ring) {
        this.ring = ring;
    }

    /** Counts one request with {@code outcome} at {@code time}, in a ring of {@code minutes} minutes. */
    void add(long time, Outcome outcome, int minutes) {
        if (ring == null) {
            ring = new MinuteRing(minutes, 3);
        } else if (ring.minutes() != minutes) {
            ring = ring.resized(minutes);
        }
        long minute = MinuteRing.minuteOf(time);
        ring.add(minute, REQUESTS, 1);
        if (outcome == Outcome.denied) {
            ring.add(minute, DENIED, 1);
        } else if (outcome == Outcome.error) {
            ring.add(minute, ERRORS, 1);
        }
    }

    /** The sum of {@code channel} over the whole ring, which ends with the newest minute seen. */
    long total(int channel) {
        return ring.sum(channel, ring.head() - ring.minutes() + 1, ring.head());
    }

    long newestMinute() {
        return ring.head();
    }

    int minutes() {
        return ring.minutes();
    }

    @Override
    public void write(StateWriter out) {
        if (ring == null) {
            out.writeUnsigned(0);
            return;
        }
        out.writeUnsigned(1);
        ring.write(out);
    }

    static FailureMinutes read(StateReader in) {
        return new FailureMinutes(in.readCount(1, "ring flag") == 0 ? null : MinuteRing.read(in));
    }
}
