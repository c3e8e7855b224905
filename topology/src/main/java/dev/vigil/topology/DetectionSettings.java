package dev.vigil.topology;

import dev.vigil.core.config.Durations;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Parameters;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The times of detection and the values of every detector's parameters, one immutable value for the whole
 * topology. The parameters ({@link Parameters}) come per deployment from {@code vigil.detect.<rule>.<param>},
 * per tenant from {@link Parameters#TENANT_OVERRIDES} and per agent from its profile's {@code settings}.
 *
 * @param repeatInterval while an alert is open, its repeats are re-emitted at most once per this much event
 *                       time (default 1 h; Alertmanager's {@code repeat_interval})
 * @param grace          an event older than the agent's newest by more than this is late (default 5 min):
 *                       counted, checked by the rule detectors, kept out of windowed counts
 * @param stateRetention an agent idle for longer than this (in event time) is forgotten (default 8 days, a
 *                       week of baseline plus a day of slack)
 * @param parameters     the detectors' and the circuit breaker's parameters
 */
public record DetectionSettings(Duration repeatInterval, Duration grace, Duration stateRetention, Parameters parameters) {

    public static final String REPEAT_INTERVAL = "vigil.detect.repeat-interval";
    public static final String GRACE = "vigil.detect.grace";
    public static final String STATE_RETENTION = "vigil.detect.state-retention";

    private static final Duration MIN_RETENTION = Duration.ofHours(2);

    public DetectionSettings {
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(stateRetention, "stateRetention");
        Objects.requireNonNull(parameters, "parameters");
        require(!repeatInterval.isNegative(), REPEAT_INTERVAL + " must not be negative");
        require(!grace.isNegative(), GRACE + " must not be negative");
        require(stateRetention.compareTo(MIN_RETENTION) >= 0 && stateRetention.compareTo(grace) > 0,
                STATE_RETENTION + " must be at least 2 h (the velocity ring) and longer than the grace: " + stateRetention);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(8),
                Parameters.defaults(Detectors.parameters()));
    }

    /** A copy with the deployment's value of {@code param} set to {@code value}. */
    public <T> DetectionSettings with(Param<T> param, T value) {
        return new DetectionSettings(repeatInterval, grace, stateRetention, parameters.with(param, value));
    }

    /** A copy with {@code tenant}'s value of {@code param} set to {@code value}. */
    public <T> DetectionSettings withTenant(String tenant, Param<T> param, T value) {
        return new DetectionSettings(repeatInterval, grace, stateRetention, parameters.withTenant(tenant, param, value));
    }

    public DetectionSettings withGrace(Duration newGrace) {
        return new DetectionSettings(repeatInterval, newGrace, stateRetention, parameters);
    }

    /** Adds the detection keys, with the defaults above, to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        ConfigDef.Importance low = ConfigDef.Importance.LOW;
        def.define(REPEAT_INTERVAL, ConfigDef.Type.STRING, "1h", Durations.between(Duration.ZERO, Duration.ofDays(30)), low,
                        "While an (agent, rule) alert is open, repeats fold into it and it is re-emitted at most once per this much event time.")
                .define(GRACE, ConfigDef.Type.STRING, "5m", Durations.between(Duration.ZERO, Duration.ofDays(1)), low,
                        "An event older than the agent's newest by more than this is late: counted on vigil_events_late_total, "
                                + "still checked by rule detectors, kept out of windowed counts.")
                .define(STATE_RETENTION, ConfigDef.Type.STRING, "8d", Durations.between(MIN_RETENTION, Duration.ofDays(3650)), low,
                        "The state of an agent idle for longer than this (event time) is evicted, open alerts included.");
        return Parameters.define(def, Detectors.parameters());
    }

    /** The settings of a config whose definition went through {@link #define}. */
    public static DetectionSettings from(AbstractConfig config) {
        return new DetectionSettings(
                Durations.parse(config.getString(REPEAT_INTERVAL)),
                Durations.parse(config.getString(GRACE)),
                Durations.parse(config.getString(STATE_RETENTION)),
                Parameters.from(config, Detectors.parameters()));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
