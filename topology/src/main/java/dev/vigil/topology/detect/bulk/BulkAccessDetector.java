package dev.vigil.topology.detect.bulk;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bulk_access} — the bytes (read plus written) or the records the agent's tool calls moved within one
 * 15-minute window (fixed, aligned to the quarter hour) far above what its windows usually hold: at least
 * {@code ratio} (default 10) times its typical window, at least {@code z} (default 3) standard deviations above
 * the mean of the log of its windows (the deviation at least {@value #LOG_SD_FLOOR}, a factor of 1.6), and at
 * least {@code min-bytes} (default 10 MB) or {@code min-records} (default 10,000). High. Judged once
 * {@code min-windows} (default 24) windows were learned; judged as the window fills, so it fires on the call that
 * crosses the line, not when the window closes.
 *
 * <p>Why these defaults: the baseline is made of the windows in which the agent called tools at all, so an
 * office agent's idle nights do not drag its typical window towards zero (that is how the rule knows the hour of
 * day without a table per hour: a working window is compared with working windows). Per-call sizes are skewed
 * and vary a hundredfold from tool to tool, so a window's total does too: the log of a working agent's windows
 * typically spreads by 1 to 1.5, which makes z the wide, noise-aware band (at z 3 such an agent needs 20 to 90
 * times its typical window) while the ratio binds for agents with big, regular windows, and the minimum keeps a
 * small agent's 50 kB → 600 kB out of the pager. Bulk collection is large in absolute terms: tens of megabytes or
 * thousands of records in minutes; ordinary agents in the reference simulation never reach 10 MB in a window.
 * "At least": a window exactly at every threshold fires.
 *
 * <p>Learning: each window is learned when it closes (at the agent's next tool call) unless it fired or the rule
 * holds learning then; a window that moved no bytes (failed calls, tools that report no sizes) is not learned for
 * bytes, nor one without records for records, since an empty window would only widen the band. An agent whose
 * tools never report sizes has no baseline; it is judged once it has one. The window is fixed at 15 minutes so that a change of settings
 * cannot mix windows of two lengths in one baseline. Late events (past the grace) are not counted; events within
 * the grace count towards the current window.
 *
 * <p>State: {@link AccessWindows}, about 70 bytes per agent.
 *
 * <p>Attack: ATT&amp;CK T1119 (Automated Collection) — an agent is itself automation, and one turned to gather
 * far more data than its job needs, across whatever tools it holds, is that technique. T1530 (Data from Cloud
 * Storage) fits only when the tool is object storage, and the rule cannot tell.
 */
public final class BulkAccessDetector implements Detector {

    public static final Rule RULE = new Rule("bulk_access", "Bulk data access", "access", "T1119");

    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 10.0, 1.0, 1_000_000.0,
            "fires when a 15-minute window holds at least this many times the agent's typical window.");
    public static final Param<Double> Z = Param.number(RULE.id(), "z", 3.0, 0.0, 1000.0,
            "and at least this many standard deviations above the mean of the log of its windows.");
    public static final Param<Integer> MIN_BYTES = Param.integer(RULE.id(), "min-bytes", 10_000_000, 0, Integer.MAX_VALUE,
            "bytes read plus written in the window that can be bulk access at all.");
    public static final Param<Integer> MIN_RECORDS = Param.integer(RULE.id(), "min-records", 10_000, 0, Integer.MAX_VALUE,
            "records in the window that can be bulk access at all.");
    public static final Param<Integer> MIN_WINDOWS = Param.integer(RULE.id(), "min-windows", 24, 1, 1_000_000,
            "15-minute windows that moved bytes (or records) learned before bytes (or records) are judged.");

    static final long WINDOW_MS = 15 * 60_000L;
    static final double LOG_SD_FLOOR = 0.5;

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
        return List.of(RATIO, Z, MIN_BYTES, MIN_RECORDS, MIN_WINDOWS);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null || !(event.getPayload() instanceof ToolCallPayload call)) {
            return Optional.empty();
        }
        AccessWindows windows = context.state().section(AccessWindows.SECTION);
        long time = event.getOccurredAt().toEpochMilli();
        advance(context, windows, time);
        long bytesMoved = orZero(call.getBytesRead()) + orZero(call.getBytesWritten());
        if (windows.bytes.inPending(time, WINDOW_MS)) { // out of order, within the grace: counted where it belongs
            windows.bytes.add(bytesMoved, time, WINDOW_MS);
            windows.records.add(orZero(call.getRecords()), time, WINDOW_MS);
            return Optional.empty();
        }
        windows.bytes.add(bytesMoved);
        windows.records.add(orZero(call.getRecords()));
        boolean bytes = exceeds(context, windows.bytes.total(), windows.logBytes, context.param(MIN_BYTES));
        boolean records = exceeds(context, windows.records.total(), windows.logRecords, context.param(MIN_RECORDS));
        if (!bytes && !records) {
            return Optional.empty();
        }
        windows.bytes.mark();
        return Optional.of(finding(context, windows, bytes, call.getGrantId()));
    }

    /**
     * Moves to the window of {@code time}, learning each one that became final (a window is held open for the
     * grace after its end, for out-of-order calls) unless it fired or learning is held.
     */
    private static void advance(DetectionContext context, AccessWindows windows, long time) {
        long grace = context.settings().grace().toMillis();
        for (Tumbling.Closed closed; (closed = windows.bytes.advance(time, WINDOW_MS, grace)) != null; ) {
            Tumbling.Closed closedRecords = windows.records.advance(time, WINDOW_MS, grace);
            if (!closed.marked() && !context.holdsLearning(RULE, time)) {
                learn(windows.logBytes, closed.total());
                learn(windows.logRecords, closedRecords == null ? 0 : closedRecords.total());
            }
        }
        windows.records.advance(time, WINDOW_MS, grace); // in step with bytes: returns null here
    }

    /** A window that moved nothing (failed calls, tools that report no sizes) says nothing about sizes. */
    private static void learn(Moments baseline, double total) {
        if (total > 0) {
            baseline.add(Math.log1p(total), AccessWindows.HORIZON);
        }
    }

    private static boolean exceeds(DetectionContext context, double total, Moments baseline, long minimum) {
        return baseline.count() >= context.param(MIN_WINDOWS) && total >= minimum && total >= context.param(RATIO) * typical(baseline)
                && baseline.z(Math.log1p(total), LOG_SD_FLOOR) >= context.param(Z);
    }

    /** The geometric mean of the windows (the exponential of the mean of log(1 + total), less one), whole units. */
    static long typical(Moments baseline) {
        return Math.max(0, Math.round(Math.expm1(baseline.mean())));
    }

    private static Finding finding(DetectionContext context, AccessWindows windows, boolean byBytes, String grantId) {
        long bytes = (long) windows.bytes.total();
        long records = (long) windows.records.total();
        long typicalBytes = typical(windows.logBytes);
        long typicalRecords = typical(windows.logRecords);
        long observed = byBytes ? bytes : records;
        long typical = byBytes ? typicalBytes : typicalRecords;
        BigDecimal times = typical == 0 ? null
                : BigDecimal.valueOf(observed).divide(BigDecimal.valueOf(typical), 2, RoundingMode.HALF_UP);
        String what = byBytes ? size(bytes) + " read or written" : records + " records read or written";
        String usual = byBytes ? size(typicalBytes) : typicalRecords + " records";
        String description = what + " in 15 min, " + (times == null ? "when its windows usually hold none"
                : times.setScale(1, RoundingMode.HALF_UP).toPlainString() + "× the agent's typical " + usual
                        + " per 15 min");
        double ratio = context.param(RATIO);
        double strength = times == null ? 1 : Math.log(times.doubleValue() / ratio) / Math.log(100);
        Map<String, String> observedFigures = new LinkedHashMap<>();
        observedFigures.put("bytes", Long.toString(bytes));
        observedFigures.put("records", Long.toString(records));
        observedFigures.put("window_minutes", "15");
        if (times != null) {
            observedFigures.put("ratio", times.toPlainString());
        }
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("typical_bytes_per_window", Long.toString(typicalBytes));
        baseline.put("typical_records_per_window", Long.toString(typicalRecords));
        baseline.put("windows", Long.toString((byBytes ? windows.logBytes : windows.logRecords).count()));
        long start = windows.bytes.windowStart(WINDOW_MS);
        return new Finding(Severity.high, Score.of(Severity.high, strength), description, observedFigures, baseline,
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + WINDOW_MS),
                "Revoke the agent's grant" + (grantId == null ? "" : " " + grantId)
                        + " and find where the data went (the tools' audit logs for the window)");
    }

    /** Decimal units, one decimal: 412.5 MB. */
    static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        while (unit < units.length - 1 && value.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            value = value.divide(BigDecimal.valueOf(1000));
            unit++;
        }
        return (unit == 0 ? value.toPlainString() : value.setScale(1, RoundingMode.HALF_UP).toPlainString()) + " " + units[unit];
    }

    private static long orZero(Long value) {
        return value == null || value < 0 ? 0 : value;
    }
}
