package dev.vigil.topology;

import dev.vigil.core.config.Durations;
import dev.vigil.topology.state.RecentTokens;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The thresholds and times of detection, one immutable value for the whole topology. Later they become
 * overridable per tenant and per agent; these are the deployment defaults.
 *
 * @param velocityWindow     the "last N minutes" of {@code velocity_spike}; whole minutes, 1 to 60 (default 5 min).
 *                           The baseline is always the hour before the window.
 * @param velocityRatio      {@code velocity_spike} fires when the window holds strictly more than this many times
 *                           the hour's average per window (default 3.0)
 * @param velocityMinVolume  and at least this many requests (default 20), so that 2 → 7 is not a spike
 * @param velocityMinHistory and only once the agent has this much history (default 1 h): no baseline, no ratio
 * @param repeatInterval     while an alert is open, its repeats are re-emitted at most once per this much event
 *                           time (default 1 h; Alertmanager's {@code repeat_interval})
 * @param grace              an event older than the agent's newest by more than this is late (default 5 min):
 *                           counted, checked by the rule detectors, kept out of windowed counts
 * @param stateRetention     an agent idle for longer than this (in event time) is forgotten (default 8 days, a
 *                           week of baseline plus a day of slack)
 * @param tokenReplayWindow       {@code token_replay}: uses of one token id from different addresses count
 *                                together when they fall within this much event time (default 10 min, at most 1 d)
 * @param tokenReplayMinAddresses {@code token_replay} fires once a token was used from this many distinct source
 *                                addresses within the window (default 2; at most {@value RecentTokens#MAX_ADDRESSES},
 *                                the addresses kept per token)
 */
public record DetectionSettings(Duration velocityWindow, double velocityRatio, int velocityMinVolume,
                                Duration velocityMinHistory, Duration repeatInterval, Duration grace,
                                Duration stateRetention, Duration tokenReplayWindow, int tokenReplayMinAddresses) {

    public static final String VELOCITY_WINDOW = "vigil.detect.velocity.window";
    public static final String VELOCITY_RATIO = "vigil.detect.velocity.ratio";
    public static final String VELOCITY_MIN_VOLUME = "vigil.detect.velocity.min-volume";
    public static final String VELOCITY_MIN_HISTORY = "vigil.detect.velocity.min-history";
    public static final String REPEAT_INTERVAL = "vigil.detect.repeat-interval";
    public static final String GRACE = "vigil.detect.grace";
    public static final String STATE_RETENTION = "vigil.detect.state-retention";
    public static final String TOKEN_REPLAY_WINDOW = "vigil.detect.token-replay.window";
    public static final String TOKEN_REPLAY_MIN_ADDRESSES = "vigil.detect.token-replay.min-addresses";

    private static final Duration MAX_WINDOW = Duration.ofHours(1);
    private static final Duration MIN_RETENTION = Duration.ofHours(2);
    private static final Duration MIN_TOKEN_WINDOW = Duration.ofSeconds(1);
    private static final Duration MAX_TOKEN_WINDOW = Duration.ofDays(1);

    public DetectionSettings {
        Objects.requireNonNull(velocityWindow, "velocityWindow");
        Objects.requireNonNull(velocityMinHistory, "velocityMinHistory");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(stateRetention, "stateRetention");
        Objects.requireNonNull(tokenReplayWindow, "tokenReplayWindow");
        require(velocityWindow.toMillis() % 60_000 == 0 && velocityWindow.toMinutes() >= 1
                && velocityWindow.compareTo(MAX_WINDOW) <= 0,
                VELOCITY_WINDOW + " must be whole minutes between 1 and 60: " + velocityWindow);
        require(Double.isFinite(velocityRatio) && velocityRatio >= 1.0, VELOCITY_RATIO + " must be at least 1: " + velocityRatio);
        require(velocityMinVolume >= 1, VELOCITY_MIN_VOLUME + " must be at least 1: " + velocityMinVolume);
        require(!velocityMinHistory.isNegative(), VELOCITY_MIN_HISTORY + " must not be negative");
        require(!repeatInterval.isNegative(), REPEAT_INTERVAL + " must not be negative");
        require(!grace.isNegative(), GRACE + " must not be negative");
        require(stateRetention.compareTo(MIN_RETENTION) >= 0 && stateRetention.compareTo(grace) > 0,
                STATE_RETENTION + " must be at least 2 h (the velocity ring) and longer than the grace: " + stateRetention);
        require(tokenReplayWindow.compareTo(MIN_TOKEN_WINDOW) >= 0 && tokenReplayWindow.compareTo(MAX_TOKEN_WINDOW) <= 0,
                TOKEN_REPLAY_WINDOW + " must be between 1s and 1d: " + tokenReplayWindow);
        require(tokenReplayMinAddresses >= 2 && tokenReplayMinAddresses <= RecentTokens.MAX_ADDRESSES,
                TOKEN_REPLAY_MIN_ADDRESSES + " must be between 2 and " + RecentTokens.MAX_ADDRESSES + ": " + tokenReplayMinAddresses);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(Duration.ofMinutes(5), 3.0, 20, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofMinutes(5), Duration.ofDays(8), Duration.ofMinutes(10), 2);
    }

    public int velocityWindowMinutes() {
        return (int) velocityWindow.toMinutes();
    }

    /** Adds the detection keys, with the defaults above, to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        ConfigDef.Importance low = ConfigDef.Importance.LOW;
        return def
                .define(VELOCITY_WINDOW, ConfigDef.Type.STRING, "5m", Durations.between(Duration.ofMinutes(1), MAX_WINDOW), low,
                        "velocity_spike: the window of recent requests (whole minutes, at most 1h); the baseline is the hour before it.")
                .define(VELOCITY_RATIO, ConfigDef.Type.DOUBLE, 3.0, ConfigDef.Range.atLeast(1.0), low,
                        "velocity_spike: fires when the window holds strictly more than this many times the hour's average per window.")
                .define(VELOCITY_MIN_VOLUME, ConfigDef.Type.INT, 20, ConfigDef.Range.atLeast(1), low,
                        "velocity_spike: the fewest requests in the window that can be a spike (so that 2 -> 7 is not one).")
                .define(VELOCITY_MIN_HISTORY, ConfigDef.Type.STRING, "1h", Durations.between(Duration.ZERO, Duration.ofDays(30)), low,
                        "velocity_spike: how much of an agent's history (event time) is needed before it can fire.")
                .define(REPEAT_INTERVAL, ConfigDef.Type.STRING, "1h", Durations.between(Duration.ZERO, Duration.ofDays(30)), low,
                        "While an (agent, rule) alert is open, repeats fold into it and it is re-emitted at most once per this much event time.")
                .define(GRACE, ConfigDef.Type.STRING, "5m", Durations.between(Duration.ZERO, Duration.ofDays(1)), low,
                        "An event older than the agent's newest by more than this is late: counted on vigil_events_late_total, "
                                + "still checked by rule detectors, kept out of windowed counts.")
                .define(STATE_RETENTION, ConfigDef.Type.STRING, "8d", Durations.between(MIN_RETENTION, Duration.ofDays(3650)), low,
                        "The state of an agent idle for longer than this (event time) is evicted, open alerts included.")
                .define(TOKEN_REPLAY_WINDOW, ConfigDef.Type.STRING, "10m", Durations.between(MIN_TOKEN_WINDOW, MAX_TOKEN_WINDOW), low,
                        "token_replay: uses of one token id from different source addresses within this much event time count together.")
                .define(TOKEN_REPLAY_MIN_ADDRESSES, ConfigDef.Type.INT, 2, ConfigDef.Range.between(2, RecentTokens.MAX_ADDRESSES), low,
                        "token_replay: fires once a token id was used from this many distinct source addresses within the window "
                                + "(at most " + RecentTokens.MAX_ADDRESSES + ", the addresses kept per token).");
    }

    /** The settings of a config whose definition went through {@link #define}. */
    public static DetectionSettings from(AbstractConfig config) {
        return new DetectionSettings(
                Durations.parse(config.getString(VELOCITY_WINDOW)),
                config.getDouble(VELOCITY_RATIO),
                config.getInt(VELOCITY_MIN_VOLUME),
                Durations.parse(config.getString(VELOCITY_MIN_HISTORY)),
                Durations.parse(config.getString(REPEAT_INTERVAL)),
                Durations.parse(config.getString(GRACE)),
                Durations.parse(config.getString(STATE_RETENTION)),
                Durations.parse(config.getString(TOKEN_REPLAY_WINDOW)),
                config.getInt(TOKEN_REPLAY_MIN_ADDRESSES));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
