package dev.vigil.topology.detect.payload;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code unusual_payload_size} — a tool call whose request payload ({@code payloadBytes}) is far above what the
 * agent usually sends with that tool and capability ({@code gmail}/{@code write}, {@code s3}/{@code read}…): at
 * least {@code ratio} (default 30) times the typical size, at least {@code z} (default 5) standard deviations above
 * the mean of the log of its sizes (the deviation at least {@value #LOG_SD_FLOOR}), and at least {@code min-bytes}
 * (default 16 kB). Low; medium at {@code medium-ratio} (default 100) times the typical size. Judged once the tool
 * and capability has {@code min-calls} (default 30) calls learned; a call with a tool the agent never used is
 * {@code new_tool_usage}'s case.
 *
 * <p>Why per tool and capability: an agent's payloads are a mixture — small read requests of a few hundred bytes,
 * writes that carry a document or a mail tens of kilobytes large — and one baseline over all of them would call
 * every rare large write an anomaly. Per tool and capability each size is close to log-normal. Why z 5 and 30×:
 * it is a single call, judged alone, and an agent makes thousands; at 4 deviations one call in 30,000 would fire by
 * chance, at 5 one in 3 million — but a deviation estimated from a few dozen calls runs low, and in the reference
 * simulation (200 agents, 14 days) z 5 alone still fired on normal mails 16–23× their typical size, which the 30×
 * ratio keeps out. "Typical" is the geometric mean, rounded to the byte; "at least": a call exactly at every
 * threshold fires.
 *
 * <p>Learning: every call is learned except one that fires and those while the rule holds learning. A late call is
 * judged and learned like any other (one event, no window).
 *
 * <p>State: {@link PayloadSizes}, ≤ 420 bytes per agent (16 tool-capability keys).
 *
 * <p>Attack: ATT&amp;CK T1567 (Exfiltration Over Web Service) — an agent's tools are web services (mail, chat,
 * storage, code hosting), and a request far larger than the agent ever sends through one is data leaving by it.
 * Not T1030 (Data Transfer Size Limits), which is the opposite habit of keeping each transfer small, nor T1048,
 * which is about a protocol other than the usual channel: here the channel is the usual one.
 */
public final class UnusualPayloadSizeDetector implements Detector {

    public static final Rule RULE = new Rule("unusual_payload_size", "Unusual payload size", "behaviour", "T1567");

    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 30.0, 1.0, 1_000_000.0,
            "fires when a payload is at least this many times the typical size for its tool and capability.");
    public static final Param<Double> Z = Param.number(RULE.id(), "z", 5.0, 0.0, 1000.0,
            "and at least this many standard deviations above the mean of the log of those sizes.");
    public static final Param<Integer> MIN_BYTES = Param.integer(RULE.id(), "min-bytes", 16_000, 0, Integer.MAX_VALUE,
            "a payload smaller than this never fires.");
    public static final Param<Double> MEDIUM_RATIO = Param.number(RULE.id(), "medium-ratio", 100.0, 1.0, 1_000_000.0,
            "medium instead of low at this many times the typical size.");
    public static final Param<Integer> MIN_CALLS = Param.integer(RULE.id(), "min-calls", 30, 1, 1_000_000,
            "calls of a tool and capability learned before its payloads are judged.");

    static final double LOG_SD_FLOOR = 0.25;

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
        return List.of(RATIO, Z, MIN_BYTES, MEDIUM_RATIO, MIN_CALLS);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ToolCallPayload call)
                || call.getPayloadBytes() == null || call.getPayloadBytes() < 0) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        long size = call.getPayloadBytes();
        String key = call.getTool() + "/" + call.getCapability();
        Moments sizes = context.state().section(PayloadSizes.SECTION).byTool.touch(key, time);
        if (isUnusual(context, sizes, size)) {
            return Optional.of(finding(context, key, sizes, size, event));
        }
        if (!context.holdsLearning(RULE, time)) {
            sizes.add(Math.log1p(size), PayloadSizes.HORIZON);
        }
        return Optional.empty();
    }

    private static boolean isUnusual(DetectionContext context, Moments sizes, long size) {
        return sizes.count() >= context.param(MIN_CALLS) && size >= context.param(MIN_BYTES)
                && size >= context.param(RATIO) * typical(sizes)
                && sizes.z(Math.log1p(size), LOG_SD_FLOOR) >= context.param(Z);
    }

    /** The geometric mean size (the exponential of the mean of log(1 + size), less one), to the byte. */
    static long typical(Moments sizes) {
        return Math.max(0, Math.round(Math.expm1(sizes.mean())));
    }

    private static Finding finding(DetectionContext context, String key, Moments sizes, long size, AgentEvent event) {
        long typical = typical(sizes);
        double ratio = context.param(RATIO);
        double mediumRatio = Math.max(ratio, context.param(MEDIUM_RATIO));
        BigDecimal times = typical == 0 ? null
                : BigDecimal.valueOf(size).divide(BigDecimal.valueOf(typical), 2, RoundingMode.HALF_UP);
        boolean medium = times == null || size >= mediumRatio * typical;
        Severity severity = medium ? Severity.medium : Severity.low;
        double strength = times == null ? 1 : medium ? Math.log(times.doubleValue() / mediumRatio) / Math.log(10)
                : Math.log(times.doubleValue() / ratio) / Math.log(mediumRatio / ratio);
        BigDecimal z = BigDecimal.valueOf(sizes.z(Math.log1p(size), LOG_SD_FLOOR)).setScale(1, RoundingMode.HALF_UP);
        String description = "payload of " + size + " bytes to " + key + ", "
                + (times == null ? "where the agent's payloads are usually empty"
                        : times.setScale(times.compareTo(BigDecimal.valueOf(100)) >= 0 ? 0 : 1, RoundingMode.HALF_UP)
                                .toPlainString() + "× its typical " + typical + " bytes")
                + " (" + z.toPlainString() + " standard deviations out)";
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("tool", key);
        observed.put("payload_bytes", Long.toString(size));
        if (times != null) {
            observed.put("ratio", times.toPlainString());
        }
        observed.put("z", z.toPlainString());
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("typical_payload_bytes", Long.toString(typical));
        baseline.put("calls", Long.toString(sizes.count()));
        return new Finding(severity, Score.of(severity, strength), description, observed, baseline,
                event.getOccurredAt(), event.getOccurredAt(), "Inspect the payload of this call to " + key
                        + " (what it carried and where to); if it carried data out, revoke the agent's grant");
    }
}
