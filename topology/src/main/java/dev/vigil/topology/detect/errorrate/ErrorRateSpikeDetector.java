package dev.vigil.topology.detect.errorrate;

import dev.vigil.avro.AgentEvent;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Figures;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.SigmaSeverity;
import dev.vigil.topology.state.SectionType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code error_rate_spike} — the share of the agent's requests (events of every type) that failed (outcome
 * {@code denied} or {@code error}) in the current event-time hour is far above the agent's own usual share.
 * Severity by z: 6 or more high, 4 or more medium, else low. It fires as soon as the hour's running counts reach
 * all of: {@code min-requests} (default 20) requests, {@code min-failures} (default 5) failures, a failure rate
 * of {@code min-ratio} (default 3) times the usual, and a z-score of {@code min-z} (default 3) — once
 * {@code min-samples} (default 24) hours with requests were learned.
 *
 * <p>The comparison of proportions: with {@code n} requests in the hour, {@code f} of them failed, and the usual
 * rate {@code p}, {@code z = (f − n·p) / (sqrt(n·p·(1−p)) + 1)} — in shares, the excess over {@code p} divided by
 * the binomial standard error {@code sqrt(p(1−p)/n)} plus one request's worth ({@code 1/n}), as
 * {@code countFloor} adds one to the Poisson noise. Without that one, a hundred requests that never fail make a
 * single failure look like many standard errors, and the normal approximation under-states the tail of small
 * counts; with it, and the rule judging the hour's counts as they grow, an agent failing a steady 3–6% of 15–30
 * requests an hour raises about one false alarm in a thousand agent-weeks (simulated). The noise of the usual
 * rate itself is left out: it is pooled over at least 24 hours of requests, which makes it small next to an
 * hour's.
 *
 * <p>Why the other guards: the ratio keeps an agent whose normal failure rate is high and steady (20%) quiet on
 * an ordinary bad hour (it would take 60%); the minimum failures keep a rare error from counting; the minimum
 * requests make a share meaningful; 24 learned hours are three working days of an office agent. Failures do not
 * follow the hour of the day, so the baseline is one rate, not one per hour.
 *
 * <p>Learning: each closed hour with requests feeds the baseline unless an open alert of this rule holds
 * learning at its last millisecond; during calibration every hour is learned, alert or not.
 *
 * <p>State: {@link FailureHours}, 42 to 43 bytes per agent (61 stored, with the section's name), whatever its
 * traffic.
 * Only events of a registered agent count.
 *
 * <p>Attack: none. A rise in failures is a symptom shared by brute force (T1110, which {@code high_failure_rate}
 * names for a burst of denials), discovery by trial and error, and plain outages of a dependency; naming one
 * technique would mislead. The description splits denials from errors so that a responder can tell.
 */
public final class ErrorRateSpikeDetector implements Detector {

    public static final Rule RULE = new Rule("error_rate_spike", "Error rate spike", "behaviour", null);

    public static final Param<Double> MIN_Z = Param.number(RULE.id(), "min-z", 3.0, 1.0, 100.0,
            "fires only when the failures are at least this many binomial standard deviations (plus one request) above "
                    + "the usual rate; 4 and 6 make it medium and high.");
    public static final Param<Double> MIN_RATIO = Param.number(RULE.id(), "min-ratio", 3.0, 1.0, 1000.0,
            "fires only when the hour's failure rate is at least this many times the usual rate.");
    public static final Param<Integer> MIN_REQUESTS = Param.integer(RULE.id(), "min-requests", 20, 1, 1_000_000,
            "the fewest requests in the hour whose failure rate is judged.");
    public static final Param<Integer> MIN_FAILURES = Param.integer(RULE.id(), "min-failures", 5, 1, 1_000_000,
            "the fewest failures in the hour that can be a spike.");
    public static final Param<Integer> MIN_SAMPLES = Param.integer(RULE.id(), "min-samples", 24, 1, 100_000,
            "hours with requests the baseline needs before it is judged.");

    static final SectionType<FailureHours> SECTION = new SectionType<>(RULE.id(), FailureHours::new, FailureHours::read);

    static final String SUGGESTED_ACTION = "Compare the failing calls with the agent's usual ones: denials mean a "
            + "credential or grant problem (or probing), errors a failing dependency";

    /** A usual rate below this reads "usually fails none" (it would print as 0.0%). */
    static final double NONE = 0.0005;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public boolean usesEventTimeWindows() {
        return true;
    }

    @Override
    public boolean baseline() {
        return true;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_Z, MIN_RATIO, MIN_REQUESTS, MIN_FAILURES, MIN_SAMPLES);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null) {
            return Optional.empty();
        }
        FailureHours hours = context.state().section(SECTION);
        boolean current = hours.add(event.getOccurredAt().toEpochMilli(), event.getOutcome(),
                context.settings().grace().toMillis(),
                hourEnd -> context.calibrating() || !context.holdsLearning(RULE, hourEnd));
        if (!current) {
            return Optional.empty();
        }
        long n = hours.requests();
        long f = hours.failures();
        if (hours.samples() < context.param(MIN_SAMPLES) || n < context.param(MIN_REQUESTS) || f < context.param(MIN_FAILURES)) {
            return Optional.empty();
        }
        double p = hours.usualFailureRate();
        double z = z(f, n, p);
        double minZ = context.param(MIN_Z);
        if (z < minZ || f < context.param(MIN_RATIO) * n * p) {
            return Optional.empty();
        }
        return Optional.of(finding(hours, p, z, minZ));
    }

    /** {@code (f − n·p) / (sqrt(n·p·(1−p)) + 1)}: failures above the usual, in binomial standard deviations plus one. */
    static double z(long f, long n, double p) {
        return (f - n * p) / (Math.sqrt(n * p * (1 - p)) + 1);
    }

    private static Finding finding(FailureHours hours, double p, double z, double minZ) {
        long n = hours.requests();
        long f = hours.failures();
        double share = (double) f / n;
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("requests", Long.toString(n));
        observed.put("failures", Long.toString(f));
        observed.put("denied", Long.toString(hours.denied()));
        observed.put("errors", Long.toString(hours.errors()));
        observed.put("failure_ratio", Figures.decimal(share, 4));
        StringBuilder description = new StringBuilder().append(f).append(" of ").append(n)
                .append(" requests failed in the hour (").append(Figures.percent(share)).append(": ")
                .append(hours.denied()).append(" denied, ").append(hours.errors())
                .append(hours.errors() == 1 ? " error" : " errors").append("), ");
        if (p >= NONE) {
            observed.put("ratio", Figures.decimal(share / p, 2));
            description.append(Figures.ratio(share / p)).append("× the agent's usual ").append(Figures.percent(p));
        } else {
            description.append("where the agent usually fails none");
        }
        observed.put("z", Figures.decimal(z, 2));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("failure_ratio", Figures.decimal(p, 4));
        baseline.put("requests_per_hour", Figures.decimal(hours.usualRequestsPerHour(), 2));
        baseline.put("samples", Long.toString(hours.samples()));
        Instant start = Instant.ofEpochMilli(hours.hourStart());
        return new Finding(SigmaSeverity.of(z), SigmaSeverity.score(z, minZ), description.toString(), observed, baseline,
                start, start.plusMillis(FailureHours.HOUR_MS), SUGGESTED_ACTION);
    }
}
