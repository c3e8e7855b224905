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
 * with requests feeds both, unless {@code mayLearn} refuses it, once it is final: the hour before the current
 * one is held open for the grace after its end, so that its requests arriving out of order count in it (older
 * ones count in the current hour). About 43 bytes per agent whatever the traffic (~47 while an hour is held).
 */
final class FailureHours implements StateSection {

    static final long HOUR_MS = 3_600_000L;
    static final int HORIZON = 168;

    private long hour = Long.MIN_VALUE;
    private long requests;
    private long denied;
    private long errors;
    /** The hour before the current one is held open for out-of-order requests, with these counts. */
    private boolean pending;
    private long pendingRequests;
    private long pendingFailures;
    private final Moments requestsPerHour;
    private final Moments failuresPerHour;

    FailureHours() {
        this(new Moments(), new Moments());
    }

    private FailureHours(Moments requestsPerHour, Moments failuresPerHour) {
        this.requestsPerHour = requestsPerHour;
        this.failuresPerHour = failuresPerHour;
    }

    /**
     * Counts one request with {@code outcome} at {@code time}, first learning each hour that became final. The
     * hour before the current one is held open for {@code graceMs} after its end (as {@link
     * dev.vigil.topology.baseline.Tumbling} does): a request of it arriving out of order within that time counts
     * in it, and this returns false (the current hour did not change).
     */
    boolean add(long time, Outcome outcome, long graceMs, LongPredicate mayLearn) {
        long index = Math.floorDiv(time, HOUR_MS);
        if (hour == Long.MIN_VALUE) {
            hour = index;
        } else if (index > hour) {
            if (pending) {
                learn(pendingRequests, pendingFailures, hour - 1, mayLearn);
            }
            if (index == hour + 1) {
                pendingRequests = requests;
                pendingFailures = denied + errors;
            } else {
                learn(requests, denied + errors, hour, mayLearn);
                pendingRequests = 0;
                pendingFailures = 0;
            }
            pending = true;
            hour = index;
            requests = 0;
            denied = 0;
            errors = 0;
        }
        if (pending && time >= hour * HOUR_MS + graceMs) {
            learn(pendingRequests, pendingFailures, hour - 1, mayLearn);
            pending = false;
        }
        boolean failed = outcome == Outcome.denied || outcome == Outcome.error;
        if (pending && index == hour - 1) {
            pendingRequests++;
            pendingFailures += failed ? 1 : 0;
            return false;
        }
        requests++;
        if (outcome == Outcome.denied) {
            denied++;
        } else if (outcome == Outcome.error) {
            errors++;
        }
        return true;
    }

    private void learn(long hourRequests, long hourFailures, long hourIndex, LongPredicate mayLearn) {
        if (hourRequests > 0 && mayLearn.test((hourIndex + 1) * HOUR_MS - 1)) {
            requestsPerHour.add(hourRequests, HORIZON);
            failuresPerHour.add(hourFailures, HORIZON);
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
        out.writeByte(pending ? 1 : 0);
        if (pending) {
            out.writeUnsigned(pendingRequests);
            out.writeUnsigned(pendingFailures);
        }
        requestsPerHour.write(out);
        failuresPerHour.write(out);
    }

    static FailureHours read(StateReader in) {
        long hour = in.readSigned();
        long requests = in.readUnsigned();
        long denied = in.readUnsigned();
        long errors = in.readUnsigned();
        boolean pending = in.readByte() != 0;
        long pendingRequests = pending ? in.readUnsigned() : 0;
        long pendingFailures = pending ? in.readUnsigned() : 0;
        FailureHours read = new FailureHours(Moments.read(in), Moments.read(in));
        read.hour = hour;
        read.requests = requests;
        read.denied = denied;
        read.errors = errors;
        read.pending = pending;
        read.pendingRequests = pendingRequests;
        read.pendingFailures = pendingFailures;
        return read;
    }
}
