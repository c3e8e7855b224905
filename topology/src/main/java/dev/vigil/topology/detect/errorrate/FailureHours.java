package dev.vigil.topology.detect.errorrate;

import dev.vigil.avro.Outcome;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.util.function.LongPredicate;

/**
 * {@code error_rate_spike}'s memory: the requests, denials and errors of the current event-time hour, and
 * {@link Moments} of the requests and of the failures per hour over the hours with requests (about
 * {@value #HORIZON} of them: a week's worth for an agent busy around the clock). Their ratio is the agent's
 * usual failure rate, pooled over requests (an hour of 30 requests weighs more than one of 2). Each closed hour
 * with requests feeds both, unless {@code mayLearn} refuses it. Events of an earlier hour (out of order, within
 * the grace) count in the current one, as {@link dev.vigil.topology.baseline.Tumbling} does. About 43 bytes per
 * agent whatever the traffic.
 */
final class FailureHours implements StateSection {

    static final long HOUR_MS = 3_600_000L;
    static final int HORIZON = 168;

    private long hour = Long.MIN_VALUE;
    private long requests;
    private long denied;
    private long errors;
    private final Moments requestsPerHour;
    private final Moments failuresPerHour;

    FailureHours() {
        this(new Moments(), new Moments());
    }

    private FailureHours(Moments requestsPerHour, Moments failuresPerHour) {
        this.requestsPerHour = requestsPerHour;
        this.failuresPerHour = failuresPerHour;
    }

    /** Counts one request with {@code outcome} at {@code time}, first closing the hour before if it ended. */
    void add(long time, Outcome outcome, LongPredicate mayLearn) {
        long index = Math.floorDiv(time, HOUR_MS);
        if (hour == Long.MIN_VALUE) {
            hour = index;
        } else if (index > hour) {
            if (requests > 0 && mayLearn.test((hour + 1) * HOUR_MS - 1)) {
                requestsPerHour.add(requests, HORIZON);
                failuresPerHour.add(denied + errors, HORIZON);
            }
            hour = index;
            requests = 0;
            denied = 0;
            errors = 0;
        }
        requests++;
        if (outcome == Outcome.denied) {
            denied++;
        } else if (outcome == Outcome.error) {
            errors++;
        }
    }

    long requests() {
        return requests;
    }

    long denied() {
        return denied;
    }

    long errors() {
        return errors;
    }

    long failures() {
        return denied + errors;
    }

    long hourStart() {
        return hour * HOUR_MS;
    }

    /** Hours with requests learned. */
    long samples() {
        return requestsPerHour.count();
    }

    /** The usual share of requests that fail (0 with no requests learned). */
    double usualFailureRate() {
        double mean = requestsPerHour.mean();
        return mean > 0 ? Math.min(1, Math.max(0, failuresPerHour.mean() / mean)) : 0;
    }

    double usualRequestsPerHour() {
        return requestsPerHour.mean();
    }

    @Override
    public void write(StateWriter out) {
        out.writeSigned(hour);
        out.writeUnsigned(requests);
        out.writeUnsigned(denied);
        out.writeUnsigned(errors);
        requestsPerHour.write(out);
        failuresPerHour.write(out);
    }

    static FailureHours read(StateReader in) {
        long hour = in.readSigned();
        long requests = in.readUnsigned();
        long denied = in.readUnsigned();
        long errors = in.readUnsigned();
        FailureHours read = new FailureHours(Moments.read(in), Moments.read(in));
        read.hour = hour;
        read.requests = requests;
        read.denied = denied;
        read.errors = errors;
        return read;
    }
}
