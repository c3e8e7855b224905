package dev.vigil.topology.detect.latency;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
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
 * {@code latency_spike} — at least {@code slow-calls} (default 3) of the agent's last {@code within-calls} (default
 * 10) calls of one tool action slow, a call being slow when it took at least {@code ratio} (default 3) times the
 * action's typical latency for this agent, at least {@code min-latency} (default 500 ms), and at least {@code z}
 * (default 4) standard deviations more than the mean of its log latency (the deviation at least
 * {@value #LOG_SD_FLOOR} in log terms, about ±28%, so a very regular tool is not held to its jitter). Low; medium
 * when even the fastest slow call is {@code medium-ratio} (default 10) times the typical latency. Judged once the
 * action has {@code min-calls} (default 30) calls learned. Per tool and action type ({@code github repo.get_file}),
 * because one tool's actions differ tenfold (reading a file versus opening a pull request).
 *
 * <p>Why several slow calls: one slow call among thousands (a cold cache, a retry, a timeout) is normal and must
 * not page anyone; three of ten calls of one action, each four deviations out, do not happen by chance (about
 * 10⁻¹⁰ for log-normal latencies) but do when the tool's backend is degraded or the agent is hammering it. Three
 * of the last ten rather than three in a row, so that a few fast calls (a cached answer, another backend node)
 * cannot hide a degradation; rather than a window average, because a single 60-second timeout would drag a
 * 5-minute average over any threshold; rather than a recent median, which would cost a ring of latencies per
 * action. The log scale fits latencies, which are skewed; "typical" is the geometric mean (the exponential of the
 * mean log), rounded to the millisecond, and the ratio and minimum are compared on that exact figure ("at least":
 * exactly 3× counts).
 *
 * <p>Learning: a call that is not slow is learned unless the rule holds learning. Slow calls are not learned while
 * their episode lasts (from the first slow call until {@code within-calls} calls in a row were not slow); an
 * episode that ends without firing was chance, and its slow calls are learned then (at its fastest latency, a
 * slight understatement). A degraded tool keeps its alert open until it recovers. Calls are judged in the order
 * they arrive, late ones too (the rule counts calls, not event-time windows).
 *
 * <p>State: {@link ToolLatencies}, ≤ 650 bytes per agent (16 tool actions), ~170 for an agent using six.
 *
 * <p>Attack: none. Slow tool calls are far more often a struggling backend than an attack, and the attacks that
 * cause them (flooding, expensive queries) are named by the rules that see their cause — {@code velocity_spike}
 * (AML.T0029), {@code cost_spike}; naming a technique here would mislabel most of these alerts.
 */
public final class LatencySpikeDetector implements Detector {

    public static final Rule RULE = new Rule("latency_spike", "Tool latency spike", "behaviour", null);

    public static final Param<Integer> SLOW_CALLS = Param.integer(RULE.id(), "slow-calls", 3, 1, 64,
            "fires once this many of the last within-calls calls of one tool action were slow (one slow call among many is normal).");
    public static final Param<Integer> WITHIN_CALLS = Param.integer(RULE.id(), "within-calls", 10, 1, 64,
            "how many of a tool action's most recent calls are looked at for slow ones.");
    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 3.0, 1.0, 1_000_000.0,
            "a call is slow at this many times the tool action's typical latency or more (and past z and min-latency).");
    public static final Param<Double> Z = Param.number(RULE.id(), "z", 4.0, 0.0, 1000.0,
            "a call is slow this many standard deviations above the tool action's mean log latency or more.");
    public static final Param<Duration> MIN_LATENCY = Param.duration(RULE.id(), "min-latency", "500ms", Duration.ZERO,
            Duration.ofHours(1), "a call faster than this is never slow, whatever its tool's usual latency.");
    public static final Param<Double> MEDIUM_RATIO = Param.number(RULE.id(), "medium-ratio", 10.0, 1.0, 1_000_000.0,
            "medium instead of low when the fastest slow call took this many times the typical latency.");
    public static final Param<Integer> MIN_CALLS = Param.integer(RULE.id(), "min-calls", 30, 1, 1_000_000,
            "calls of a tool action learned before its latency is judged.");

    static final double LOG_SD_FLOOR = 0.25;
    /** Slow calls of an episode are counted up to this, so the count stays two bytes. */
    private static final long MAX_EPISODE = 10_000;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public boolean baseline() {
        return true;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(SLOW_CALLS, WITHIN_CALLS, RATIO, Z, MIN_LATENCY, MEDIUM_RATIO, MIN_CALLS);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ToolCallPayload call)
                || call.getLatencyMs() == null || call.getLatencyMs() < 0) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        long latency = call.getLatencyMs();
        String key = key(call);
        ToolLatencies.Tool tool = context.state().section(ToolLatencies.SECTION).tools.touch(key, time);
        boolean learning = !context.holdsLearning(RULE, time);
        boolean slow = isSlow(context, tool, latency);
        int within = context.param(WITHIN_CALLS);
        tool.recent = ((tool.recent << 1) | (slow ? 1 : 0)) & (within == 64 ? -1L : (1L << within) - 1);
        if (!slow) {
            if (learning) {
                tool.logLatency.add(log(latency), ToolLatencies.HORIZON);
            }
            if (tool.recent == 0 && tool.episodeSlow > 0) {
                endEpisode(tool, learning);
            }
            return Optional.empty();
        }
        if (tool.episodeSlow == 0) {
            tool.episodeLowMs = latency;
            tool.episodeStartSecond = Math.floorDiv(time, 1000L);
        }
        tool.episodeSlow = Math.min(tool.episodeSlow + 1, MAX_EPISODE);
        tool.episodeLowMs = Math.min(tool.episodeLowMs, latency);
        int slowCalls = Long.bitCount(tool.recent);
        if (slowCalls < context.param(SLOW_CALLS)) {
            return Optional.empty();
        }
        tool.episodeFired = true;
        return Optional.of(finding(context, key, call.getTool(), tool, slowCalls, latency, event.getOccurredAt()));
    }

    /** The tool and, when given, its action: one action's latencies are far more alike than a whole tool's. */
    static String key(ToolCallPayload call) {
        String action = call.getActionType();
        return action == null || action.isEmpty() ? call.getTool() : call.getTool() + " " + action;
    }

    /** An episode that never fired was chance: its slow calls join the baseline (at the fastest of them). */
    private static void endEpisode(ToolLatencies.Tool tool, boolean learning) {
        if (learning && !tool.episodeFired) {
            tool.logLatency.addRepeated(log(tool.episodeLowMs), tool.episodeSlow, ToolLatencies.HORIZON);
        }
        tool.episodeSlow = 0;
        tool.episodeFired = false;
        tool.episodeLowMs = 0;
        tool.episodeStartSecond = 0;
    }

    private static boolean isSlow(DetectionContext context, ToolLatencies.Tool tool, long latency) {
        if (tool.logLatency.count() < context.param(MIN_CALLS) || latency < context.param(MIN_LATENCY).toMillis()) {
            return false;
        }
        return latency >= context.param(RATIO) * typicalMs(tool)
                && tool.logLatency.z(log(latency), LOG_SD_FLOOR) >= context.param(Z);
    }

    /** The geometric mean latency, to the millisecond (at least 1). */
    static long typicalMs(ToolLatencies.Tool tool) {
        return Math.max(1, Math.round(Math.exp(tool.logLatency.mean())));
    }

    private static double log(long latencyMs) {
        return Math.log(Math.max(1, latencyMs));
    }

    private static Finding finding(DetectionContext context, String key, String toolName, ToolLatencies.Tool tool,
                                   int slowCalls, long latency, Instant at) {
        long typical = typicalMs(tool);
        int within = context.param(WITHIN_CALLS);
        double ratio = context.param(RATIO);
        double mediumRatio = Math.max(ratio, context.param(MEDIUM_RATIO));
        BigDecimal times = BigDecimal.valueOf(tool.episodeLowMs).divide(BigDecimal.valueOf(typical), 2, RoundingMode.HALF_UP);
        boolean medium = tool.episodeLowMs >= mediumRatio * typical;
        Severity severity = medium ? Severity.medium : Severity.low;
        double strength = medium ? Math.log(times.doubleValue() / mediumRatio) / Math.log(10)
                : Math.log(times.doubleValue() / ratio) / Math.log(mediumRatio / ratio);
        String description = slowCalls + " of the last " + within + " calls to " + key + " took " + tool.episodeLowMs
                + " ms or more, " + times.setScale(1, RoundingMode.HALF_UP).toPlainString() + "× its typical "
                + typical + " ms for this agent";
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("tool", key);
        observed.put("slow_calls", Integer.toString(slowCalls));
        observed.put("within_calls", Integer.toString(within));
        observed.put("min_latency_ms", Long.toString(tool.episodeLowMs));
        observed.put("latency_ms", Long.toString(latency));
        observed.put("ratio", times.toPlainString());
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("typical_latency_ms", Long.toString(typical));
        baseline.put("calls", Long.toString(tool.logLatency.count()));
        Instant start = Instant.ofEpochSecond(tool.episodeStartSecond);
        return new Finding(severity, Score.of(severity, strength), description, observed, baseline,
                start.isAfter(at) ? at : start, at, "Check " + toolName + "'s backend (status, load, recent changes); "
                        + "if the agent's own calls are the load, throttle the agent");
    }
}
