package dev.vigil.topology.detect.velocity;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.detect.Score;
import dev.vigil.topology.state.MinuteBuckets;
import java.math.BigDecimal;
import java.math.RoundingMode;
import dev.vigil.topology.detect.Param;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code velocity_spike} — the agent's requests (every event type) in the last window (default 5 min) exceed
 * {@code ratio} (default 3) times its average per window over the hour before, with at least
 * {@code minVolume} (default 20) requests in the window and at least {@code minHistory} (default 1 h) of the
 * agent's history. Strictly more: exactly 3× is quiet. High. And the window must hold strictly more than
 * {@code peak-ratio} (default 1.5) times the busiest window of the agent's previous 24 hours ({@link RecentPeaks}):
 * a cron agent that fires 50 calls at every full hour has that burst as its usual peak, so its next one is not a
 * spike while a burst of four times it is. Windows judged during an open alert (and the hour after its last finding)
 * do not become peaks.
 *
 * <p>State: the agent's requests per event-time minute in a ring of window + 60 + grace minutes (70 by
 * default) — O(1) to count an event, a 65-step sum to judge, a few bytes whatever the traffic. The window is the
 * event's minute and the {@code window - 1} before it; the baseline the 60 minutes before the window, per window
 * ({@code count × window / 60}). The grace minutes let an out-of-order event (within the grace) be judged
 * against its whole baseline; an event whose baseline has already left the ring is counted but not judged.
 * An agent that was silent for that hour has a baseline of zero, so any burst above the minimum volume is a
 * spike.
 *
 * <p>Attack: ATLAS AML.T0029 (Denial of ML Service). An agent suddenly issuing several times its usual volume
 * of calls against LLM and tool endpoints — a runaway loop or someone else driving its credentials — degrades
 * and bills exactly the ML-backed services that technique is about; ATT&amp;CK's T1499 (Endpoint DoS) would
 * describe the effect on a host, which is not what we observe.
 */
public final class VelocitySpikeDetector implements Detector {

    public static final Rule RULE = new Rule("velocity_spike", "Velocity spike", "behaviour", "AML.T0029");

    public static final Param<Duration> WINDOW = Param.minutes(RULE.id(), "window", "5m", 1, 60,
            "the window of recent requests (whole minutes, at most 1h); the baseline is the hour before it.");
    public static final Param<Double> RATIO = Param.number(RULE.id(), "ratio", 3.0, 1.0, 1000.0,
            "fires when the window holds strictly more than this many times the hour's average per window.");
    public static final Param<Integer> MIN_VOLUME = Param.integer(RULE.id(), "min-volume", 20, 1, 1_000_000,
            "the fewest requests in the window that can be a spike (so that 2 -> 7 is not one).");
    public static final Param<Duration> MIN_HISTORY = Param.duration(RULE.id(), "min-history", "1h", Duration.ZERO,
            Duration.ofDays(30), "how much of an agent's history (event time) is needed before it can fire.");

    public static final Param<Double> PEAK_RATIO = Param.number(RULE.id(), "peak-ratio", 1.5, 0, 1000.0,
            "and strictly more than this many times the busiest window of the agent's previous 24 hours, so a burst it "
                    + "makes every hour (a cron job) is not a spike; 0 turns this guard off.");

    static final int BASELINE_MINUTES = 60;
    /** Out-of-order slack kept in the ring beyond window + baseline, at most an hour whatever the grace. */
    private static final int MAX_SLACK_MINUTES = 60;
    private static final long MINUTE_MS = 60_000;

    static final String SUGGESTED_ACTION = "Throttle or pause the agent and look for a runaway loop or someone "
            + "else using its credentials; page on-call if the rate stays up";

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
        return List.of(WINDOW, RATIO, MIN_VOLUME, MIN_HISTORY, PEAK_RATIO);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        int window = (int) context.param(WINDOW).toMinutes();
        double ratio = context.param(RATIO);
        int minVolume = context.param(MIN_VOLUME);
        MinuteBuckets requests = context.state().requestsPerMinute(ringMinutes(window, context.settings().grace()));
        long time = event.getOccurredAt().toEpochMilli();
        long minute = Math.floorDiv(time, MINUTE_MS);
        requests.add(minute);
        long baselineStart = minute - window - BASELINE_MINUTES + 1;
        long recent = requests.sum(minute - window + 1, minute);
        long hour = Math.floorDiv(minute, 60);
        RecentPeaks peaks = context.state().section(RecentPeaks.SECTION);
        int peak = peaks.peakBefore(hour);
        boolean learn = !context.holdsLearning(RULE, time);
        if (time - context.state().firstEventAt() < context.param(MIN_HISTORY).toMillis()
                || baselineStart <= requests.head() - requests.size()) {
            if (learn) {
                peaks.record(hour, recent);
            }
            return Optional.empty();
        }
        long before = requests.sum(baselineStart, minute - window);
        double peakRatio = context.param(PEAK_RATIO);
        if (recent < minVolume || !exceeds(recent, before, window, ratio) || recent <= peakRatio * peak) {
            if (learn) {
                peaks.record(hour, recent);
            }
            return Optional.empty();
        }
        return Optional.of(finding(recent, before, window, ratio, minute, peak));
    }

    /** Window, baseline hour and room for events up to the grace out of order. */
    static int ringMinutes(int windowMinutes, Duration grace) {
        long graceMinutes = (grace.toMillis() + MINUTE_MS - 1) / MINUTE_MS;
        return windowMinutes + BASELINE_MINUTES + (int) Math.min(graceMinutes, MAX_SLACK_MINUTES);
    }

    /** recent &gt; ratio × (before × window / 60), in exact integer-scaled form. */
    static boolean exceeds(long recent, long before, int window, double ratio) {
        return recent * (double) BASELINE_MINUTES > ratio * before * window;
    }

    private static Finding finding(long recent, long before, int window, double threshold, long minute, int peak) {
        BigDecimal average = BigDecimal.valueOf(before * window).divide(BigDecimal.valueOf(BASELINE_MINUTES), 2, RoundingMode.HALF_UP);
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("requests", Long.toString(recent));
        observed.put("window_minutes", Integer.toString(window));
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("requests_per_window", average.toPlainString());
        baseline.put("requests_last_hour", Long.toString(before));
        baseline.put("peak_window_last_24h", Integer.toString(peak));
        String description;
        double strength;
        if (before == 0) {
            description = recent + " requests in " + window + " min, with none in the hour before";
            strength = 1;
        } else {
            BigDecimal ratio = BigDecimal.valueOf(recent * BASELINE_MINUTES)
                    .divide(BigDecimal.valueOf(before * window), 2, RoundingMode.HALF_UP);
            observed.put("ratio", ratio.toPlainString());
            description = recent + " requests in " + window + " min, " + ratioText(ratio, threshold)
                    + "× the 1-hour average of " + averageText(average) + " per " + window + " min";
            strength = (ratio.doubleValue() / threshold - 1) / 2;
        }
        Instant start = Instant.ofEpochMilli((minute - window + 1) * MINUTE_MS);
        Instant end = Instant.ofEpochMilli((minute + 1) * MINUTE_MS);
        return new Finding(Severity.high, Score.of(Severity.high, strength), description, observed, baseline,
                start, end, SUGGESTED_ACTION);
    }

    /** One decimal, or two when one would round down onto the threshold ("3.0×" for 3.04 would read as quiet). */
    static String ratioText(BigDecimal ratio, double threshold) {
        BigDecimal oneDecimal = ratio.setScale(1, RoundingMode.HALF_UP);
        return oneDecimal.doubleValue() <= threshold ? ratio.toPlainString() : oneDecimal.toPlainString();
    }

    static String averageText(BigDecimal average) {
        return average.compareTo(BigDecimal.TEN) >= 0
                ? average.setScale(0, RoundingMode.HALF_UP).toPlainString()
                : average.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
