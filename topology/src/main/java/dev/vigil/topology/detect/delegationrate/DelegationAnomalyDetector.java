package dev.vigil.topology.detect.delegationrate;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code delegation_anomaly} — the agent hands out authority in an unusual way. Medium. Either:
 * <ul>
 *   <li><b>rate</b>: at least {@code min-creates} (default 10) child agents created within the last hour (a
 *       sliding hour of twelve five-minute slots), and at least {@code ratio} (default 5) times the agent's mean
 *       creates per active hour, and at least {@code z} (default 4) deviations above it, the deviation at least the
 *       Poisson noise {@code sqrt(mean) + 1}, so a busy orchestrator is held to a wider band than an agent that
 *       delegates twice a day; judged once {@code min-hours} (default 24) active hours were learned; or</li>
 *   <li><b>churn</b>: {@code churn-count} (default 3) children each revoked within {@code churn-lifetime} (default
 *       10 min) of being created, within one hour — children made to act briefly and vanish, which is how
 *       short-lived delegated credentials are laundered. Needs no baseline.</li>
 * </ul>
 *
 * <p>Why these defaults: an agent that delegates creates a child now and then (well under one per hour in
 * ordinary fleets), revokes one now and then, and rarely the same one minutes later; ten new children in an hour,
 * or three quick create-revoke pairs in one, do not happen by chance at those rates. An agent that never
 * delegated has a mean of zero, so its first ten children within an hour fire once it has a day of activity.
 * "At least": exactly at every threshold fires.
 *
 * <p>Learning: an active hour (one with any event of the agent) is learned when it closes, with its count of
 * creates, unless it fired or the rule holds learning; hours without events are not learned, so nights do not
 * dilute the mean. Only the last {@value DelegationActivity#RECENT} creates are remembered for churn, so a revoke
 * after eight later creates is not matched. A windowed rule: late events (past the grace) are not counted.
 *
 * <p>State: {@link DelegationActivity}, about 170 bytes per agent at most.
 *
 * <p>Attack: ATT&amp;CK T1098 (Account Manipulation) — creating child agents hands new identities credentials
 * derived from the agent's own, a way to keep and spread access that survives revoking the agent's token; churn
 * is the same done so that each identity lives too briefly to be reviewed. T1134 (Access Token Manipulation),
 * which {@code delegation_depth} uses, is about acting through one token's chain, not about minting many.
 */
public final class DelegationAnomalyDetector implements Detector {

    public static final Rule RULE = new Rule("delegation_anomaly", "Delegation anomaly", "access", "T1098");

    public static final Param<Integer> MIN_CREATES = Param.integer(RULE.id(), "min-creates", 10, 1, 1_000_000,
            "children created within an hour that can be a rate anomaly at all.");
    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 5.0, 1.0, 1_000_000.0,
            "and at least this many times the agent's mean creates per active hour.");
    public static final Param<Double> Z = Param.number(RULE.id(), "z", 4.0, 0.0, 1000.0,
            "and at least this many deviations (at least sqrt(mean) + 1) above that mean.");
    public static final Param<Integer> MIN_HOURS = Param.integer(RULE.id(), "min-hours", 24, 1, 1_000_000,
            "active hours learned before the rate is judged.");
    public static final Param<Duration> CHURN_LIFETIME = Param.duration(RULE.id(), "churn-lifetime", "10m",
            Duration.ofSeconds(1), Duration.ofHours(1), "a child revoked within this long of its creation is churn.");
    public static final Param<Integer> CHURN_COUNT = Param.integer(RULE.id(), "churn-count", 3, 1, DelegationActivity.RECENT,
            "fires when this many quick revokes fall within one hour (at most " + DelegationActivity.RECENT + ").");

    static final long HOUR_MS = 3_600_000L;
    private static final String ACTION = "Freeze delegation for the agent and review the children it created in the "
            + "window; revoke those nobody expected";

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
        return List.of(MIN_CREATES, RATIO, Z, MIN_HOURS, CHURN_LIFETIME, CHURN_COUNT);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null) {
            return Optional.empty();
        }
        DelegationActivity activity = context.state().section(DelegationActivity.SECTION);
        long time = event.getOccurredAt().toEpochMilli();
        advance(context, activity, time);
        if (!(event.getPayload() instanceof DelegationPayload delegation)) {
            return Optional.empty();
        }
        Optional<Finding> finding = delegation.getAction() == DelegationAction.create
                ? onCreate(context, activity, delegation, time)
                : onRevoke(context, activity, delegation, time);
        finding.ifPresent(f -> activity.hour.mark());
        return finding;
    }

    /**
     * Moves to the clock hour of {@code time}, learning each active hour that became final (an hour is held open
     * for the grace after its end, for out-of-order creates) unless it fired or is held.
     */
    private static void advance(DetectionContext context, DelegationActivity activity, long time) {
        long grace = context.settings().grace().toMillis();
        for (Tumbling.Closed closed; (closed = activity.hour.advance(time, HOUR_MS, grace)) != null; ) {
            if (closed.seen() && !closed.marked() && !context.holdsLearning(RULE, time)) {
                activity.createsPerHour.add(closed.total(), DelegationActivity.HORIZON);
            }
        }
    }

    private static Optional<Finding> onCreate(DetectionContext context, DelegationActivity activity,
                                              DelegationPayload delegation, long time) {
        activity.hour.add(1, time, HOUR_MS);
        activity.rememberCreate(delegation.getChildAgentId(), Math.floorDiv(time, 1000L));
        long creates = activity.countCreate(time);
        var baseline = activity.createsPerHour;
        if (baseline.count() < context.param(MIN_HOURS) || creates < context.param(MIN_CREATES)
                || creates < context.param(RATIO) * baseline.mean()
                || baseline.z(creates, baseline.countFloor()) < context.param(Z)) {
            return Optional.empty();
        }
        BigDecimal mean = BigDecimal.valueOf(baseline.mean()).setScale(2, RoundingMode.HALF_UP);
        double threshold = Math.max(context.param(MIN_CREATES), context.param(RATIO) * baseline.mean());
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("creates_last_hour", Long.toString(creates));
        observed.put("child", delegation.getChildAgentId());
        String description;
        if (mean.signum() == 0) {
            description = creates + " child agents created within an hour, where the agent created none in the "
                    + baseline.count() + " active hours learned";
        } else {
            BigDecimal times = BigDecimal.valueOf(creates).divide(mean, 1, RoundingMode.HALF_UP);
            observed.put("ratio", times.toPlainString());
            description = creates + " child agents created within an hour, " + times.toPlainString()
                    + "× the agent's average of " + mean.toPlainString() + " per active hour";
        }
        Map<String, String> learned = new LinkedHashMap<>();
        learned.put("creates_per_hour", mean.toPlainString());
        learned.put("hours", Long.toString(baseline.count()));
        long end = (activity.headSlot + 1) * DelegationActivity.SLOT_MS;
        return Optional.of(new Finding(Severity.medium, Score.of(Severity.medium, Math.log(creates / threshold) / Math.log(10)),
                description, observed, learned, Instant.ofEpochMilli(end - HOUR_MS), Instant.ofEpochMilli(end), ACTION));
    }

    private static Optional<Finding> onRevoke(DetectionContext context, DelegationActivity activity,
                                              DelegationPayload delegation, long time) {
        long second = Math.floorDiv(time, 1000L);
        long lifetime = activity.lifetimeOnRevoke(delegation.getChildAgentId(), second);
        Duration churnLifetime = context.param(CHURN_LIFETIME);
        if (lifetime < 0 || lifetime > churnLifetime.toSeconds()) {
            return Optional.empty();
        }
        int quick = activity.quickRevoke(second, HOUR_MS / 1000);
        int churnCount = context.param(CHURN_COUNT);
        if (quick < churnCount) {
            return Optional.empty();
        }
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("quick_revokes_last_hour", Integer.toString(quick));
        observed.put("child", delegation.getChildAgentId());
        observed.put("child_lifetime_seconds", Long.toString(lifetime));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("churn_lifetime_seconds", Long.toString(churnLifetime.toSeconds()));
        baseline.put("churn_count", Integer.toString(churnCount));
        String description = quick + " child agents revoked within " + minutes(churnLifetime)
                + " of being created, within an hour (the latest, " + delegation.getChildAgentId() + ", lived "
                + lifetime + " s)";
        return Optional.of(new Finding(Severity.medium, Score.of(Severity.medium, (quick - churnCount) / (double) churnCount),
                description, observed, baseline, Instant.ofEpochMilli(time - HOUR_MS), Instant.ofEpochMilli(time), ACTION));
    }

    private static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
