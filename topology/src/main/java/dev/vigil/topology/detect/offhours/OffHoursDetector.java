package dev.vigil.topology.detect.offhours;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Severity;
import dev.vigil.topology.baseline.HourOfWeek;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code off_hours_activity} — the agent works when it should not: at least {@code min-requests} (default 5)
 * requests within {@code window} (default 1 h) that fall outside its profile's {@code operatingWindow}, or — with
 * no window declared — in an hour of the week it has learned to be idle. Low; medium on a weekend night
 * (Friday to Monday, 22:00–06:00 in the window's zone, or UTC for a learned rhythm). Repeats fold into one open
 * alert.
 *
 * <p><b>Declared window</b> ({@link OperatingHours}: its IANA zone, days, local start and end; an end before the
 * start runs past midnight and the listed day is the evening it opens): a rule violation, full strength from the
 * agent's first event, no calibration. Why a burst and not every single request: agents keep a trickle outside
 * their hours (a retry, a token refresh, a late webhook — the simulator's normal fleets send 0–2 requests an hour
 * outside the window), and a rule that pages on each of those would be ignored. Someone driving the agent at
 * night makes many requests; five within an hour is well above any trickle and well below any real session.
 * {@code min-requests = 1} gives the strict reading, one request outside the window.
 *
 * <p><b>Learned rhythm</b> (no window declared): the agent's requests per UTC hour of the week
 * ({@link WeeklyRhythm}, decaying over about two weeks). An hour is idle when the agent usually makes at most
 * {@code idle-rate} (default 0.5) requests per hour in it and in the hours either side — the neighbours let a
 * job that drifts by some minutes across an hour boundary stay normal. The rhythm is judged only once it holds
 * {@code min-history} (default 7 days, a whole week of hours) and the agent averages at least
 * {@value #MIN_AVERAGE_PER_HOUR} request per hour over the week: for a sparser agent an empty hour is chance, not
 * habit (declare a window for it instead). A burst into an idle hour fires as above, never while the agent
 * calibrates; its hour is not learned while the alert holds learning. Why 0.5 with 5 requests: if an idle hour
 * does see a random trickle at 0.5 an hour, 5 of them within an hour happen once in ~5,800 hours (Poisson) — about
 * once in 45 weeks of nights and weekends; at 1 an hour it would be once in ~270 hours, every other week. A
 * window that cannot be read (an unknown zone, a time that is not {@code HH:MM}) counts as none declared.
 *
 * <p>Why {@link #baseline()} is false although the learned mode is a baseline: the flag is per detector and the
 * declared mode is a rule violation that must be full strength from the first event; the learned mode instead
 * stays silent until calibration is over ({@link DetectionContext#calibrating()}), so it never needs the
 * calibrating mark. Nightly batch agents with a declared night window and weekend workers with a weekend window
 * are inside their windows; an always-on agent without a window has no idle hours.
 *
 * <p>Late events (older than the grace) are judged like any other: a burst is a burst whenever it is reported.
 * One older than all the remembered off-hours times cannot start a new burst and is not judged; in the learned
 * mode it counts in the hour in progress.
 *
 * <p>State ({@link OffHoursState}): the latest {@code min-requests} off-hours times (~100 bytes at most) and, for
 * an agent without a window, 168 hourly counts (4 bytes per hour it was ever active, at most ~720 bytes). Measured
 * with the section's name: ~50 bytes with a declared window (~110 with {@code min-requests} 20), ~225 for the
 * learned rhythm of an office agent, ~740 for an agent active in every hour of the week.
 *
 * <p>Attack: ATT&amp;CK T1078 (Valid Accounts) — an agent's credentials used at hours when neither it nor its
 * people work is the classic footprint of someone else holding valid credentials.
 */
public final class OffHoursDetector implements Detector {

    public static final Rule RULE = new Rule("off_hours_activity", "Off-hours activity", "behaviour", "T1078");

    public static final Param<Integer> MIN_REQUESTS = Param.integer(RULE.id(), "min-requests", 5, 1, RecentTimes.MAX,
            "fires once this many requests outside the operating window (or in an idle hour) fall within the window; "
                    + "1 makes a single request a violation.");
    public static final Param<Duration> WINDOW = Param.duration(RULE.id(), "window", "1h", Duration.ofMinutes(1),
            Duration.ofDays(1), "the span within which min-requests off-hours requests make a burst.");
    public static final Param<Double> IDLE_RATE = Param.number(RULE.id(), "idle-rate", 0.5, 0, 1000,
            "without a declared window: an hour of the week is idle when the agent usually makes at most this many "
                    + "requests per hour in it and the hours either side.");
    public static final Param<Duration> MIN_HISTORY = Param.duration(RULE.id(), "min-history", "7d", Duration.ZERO,
            Duration.ofDays(60), "without a declared window: how much learned rhythm is needed before idle hours are judged.");

    /** Below this average rate over the week, an agent's empty hours are chance rather than habit. */
    static final double MIN_AVERAGE_PER_HOUR = 1.0;

    private static final long SECOND_MS = 1000;
    private static final long MINUTE_MS = 60 * SECOND_MS;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public List<Param<?>> parameters() {
        return List.of(MIN_REQUESTS, WINDOW, IDLE_RATE, MIN_HISTORY);
    }

    @Override
    public Optional<Finding> onEvent(DetectionContext context, AgentEvent event) {
        if (context.profile() == null) {
            return Optional.empty();
        }
        long time = event.getOccurredAt().toEpochMilli();
        OffHoursState state = context.state().section(OffHoursState.SECTION);
        OperatingHours hours = OperatingHours.of(context.profile().getOperatingWindow());
        return hours != null ? declared(context, state, hours, event, time) : learned(context, state, event, time);
    }

    private Optional<Finding> declared(DetectionContext context, OffHoursState state, OperatingHours hours,
                                       AgentEvent event, long time) {
        if (hours.contains(time)) {
            return Optional.empty();
        }
        RecentTimes recent = state.recent(true);
        int minRequests = context.param(MIN_REQUESTS);
        long window = context.param(WINDOW).toMillis();
        if (!recent.add(time, minRequests) || !isBurst(recent, minRequests, window)) {
            return Optional.empty();
        }
        String at = localTime(time, hours.zone());
        Map<String, String> observed = observed(recent, at);
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("operating_window", hours.toString());
        baseline.put("min_requests", Integer.toString(minRequests));
        baseline.put("window_seconds", Long.toString(window / SECOND_MS));
        String description = requests(recent) + " outside the operating window " + hours + ", "
                + (recent.size() == 1 ? "at " : "the last at ") + at + " local time";
        Severity severity = severity(time, hours.zone());
        return Optional.of(new Finding(severity, Score.certain(severity), description, observed, baseline,
                Instant.ofEpochMilli(recent.first()), Instant.ofEpochMilli(recent.last()), action(event, at)));
    }

    private Optional<Finding> learned(DetectionContext context, OffHoursState state, AgentEvent event, long time) {
        WeeklyRhythm rhythm = state.rhythm();
        rhythm.advance(time, context.settings().grace().toMillis(), lastMs -> context.holdsLearning(RULE, lastMs));
        boolean judged = !context.calibrating()
                && rhythm.learnedHours() * HOUR_MS >= context.param(MIN_HISTORY).toMillis()
                && rhythm.averagePerHour() >= MIN_AVERAGE_PER_HOUR;
        double expected = judged ? rhythm.expectedPerHour(time) : 0;
        rhythm.count(time);
        double idleRate = context.param(IDLE_RATE);
        if (!judged || expected > idleRate) {
            return Optional.empty();
        }
        RecentTimes recent = state.recent(false);
        int minRequests = context.param(MIN_REQUESTS);
        if (!recent.add(time, minRequests) || !isBurst(recent, minRequests, context.param(WINDOW).toMillis())) {
            return Optional.empty();
        }
        String at = localTime(time, ZoneOffset.UTC) + " UTC";
        BigDecimal usual = twoDecimals(expected);
        BigDecimal average = twoDecimals(rhythm.averagePerHour());
        Map<String, String> observed = observed(recent, at);
        Map<String, String> baseline = new LinkedHashMap<>();
        baseline.put("expected_per_hour", usual.toPlainString());
        baseline.put("average_per_hour", average.toPlainString());
        baseline.put("idle_rate", BigDecimal.valueOf(idleRate).stripTrailingZeros().toPlainString());
        baseline.put("min_requests", Integer.toString(minRequests));
        String description = requests(recent) + (recent.size() == 1 ? " at " : ", the last at ") + at
                + ", an hour of the week when the agent makes " + usual.toPlainString()
                + " requests per hour (±1 h) against " + average.toPlainString() + " on average";
        Severity severity = severity(time, ZoneOffset.UTC);
        double strength = idleRate <= 0 ? 1 : 1 - expected / idleRate;
        return Optional.of(new Finding(severity, Score.of(severity, strength), description, observed, baseline,
                Instant.ofEpochMilli(recent.first()), Instant.ofEpochMilli(recent.last()), action(event, at)));
    }

    /** The latest {@code minRequests} off-hours times lie within {@code window} of each other. */
    static boolean isBurst(RecentTimes recent, int minRequests, long window) {
        return recent.size() >= minRequests && recent.last() - recent.first() <= window;
    }

    private static Severity severity(long time, ZoneId zone) {
        return HourOfWeek.isWeekendNight(time, zone) ? Severity.medium : Severity.low;
    }

    private static Map<String, String> observed(RecentTimes recent, String at) {
        Map<String, String> observed = new LinkedHashMap<>();
        observed.put("requests", Integer.toString(recent.size()));
        observed.put("span_seconds", Long.toString((recent.last() - recent.first()) / SECOND_MS));
        observed.put("last_at", at);
        return observed;
    }

    private static String action(AgentEvent event, String at) {
        String principal = event.getPrincipalId() == null ? "" : " (principal " + event.getPrincipalId() + ")";
        return "Check who drove the agent at " + at + principal + "; halt it if no one scheduled that work";
    }

    /** {@code SUN 03:12}. */
    static String localTime(long time, ZoneId zone) {
        ZonedDateTime local = Instant.ofEpochMilli(time).atZone(zone);
        return OperatingHours.shortName(local.getDayOfWeek()) + String.format(Locale.ROOT, " %02d:%02d", local.getHour(), local.getMinute());
    }

    /** {@code 5 requests in 12 min}, or {@code a request}. */
    private static String requests(RecentTimes recent) {
        return recent.size() == 1 ? "a request" : recent.size() + " requests in " + span(recent);
    }

    private static String span(RecentTimes recent) {
        long millis = recent.last() - recent.first();
        if (millis < MINUTE_MS) {
            return (millis / SECOND_MS) + " s";
        }
        return ((millis + MINUTE_MS - 1) / MINUTE_MS) + " min";
    }

    private static BigDecimal twoDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
