package dev.vigil.topology.detect;

import dev.vigil.avro.Severity;
import dev.vigil.core.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One tunable of a detector (or of the circuit breaker): its name, type, default, valid range and meaning. The
 * value comes, first match wins, from the agent's profile ({@code settings} map, key {@link #localKey()}), the
 * tenant's overrides ({@code vigil.detect.tenant-overrides}, entry {@code tenant/}{@link #localKey()}{@code =value}),
 * the deployment's configuration ({@link #configKey()}), or the default.
 *
 * <p>Identity matters: declare each parameter once, as a constant of its detector.
 */
public final class Param<T> {

    /** The value types a parameter can have. */
    public enum Kind { FLAG, INTEGER, NUMBER, DURATION, MONEY, SEVERITY }

    private final String scope;
    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final String defaultText;
    private final String rangeText;
    private final Predicate<T> valid;
    private final Function<String, T> parser;
    private final String doc;
    private final String localKey;

    private Param(String scope, String name, Kind kind, String defaultText, String rangeText, Predicate<T> valid,
                  Function<String, T> parser, String doc) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.defaultText = defaultText;
        this.rangeText = rangeText;
        this.valid = valid;
        this.parser = parser;
        this.doc = Objects.requireNonNull(doc, "doc");
        this.localKey = scope + "." + name;
        this.defaultValue = parse(defaultText);
    }

    /** A yes/no switch. */
    public static Param<Boolean> flag(String scope, String name, boolean defaultValue, String doc) {
        return new Param<>(scope, name, Kind.FLAG, Boolean.toString(defaultValue), "true or false", v -> true, Param::parseFlag, doc);
    }

    /** A whole number in [min, max]. */
    public static Param<Integer> integer(String scope, String name, int defaultValue, int min, int max, String doc) {
        return new Param<>(scope, name, Kind.INTEGER, Integer.toString(defaultValue), "an integer from " + min + " to " + max,
                v -> v >= min && v <= max, Integer::valueOf, doc);
    }

    /** A number in [min, max]. */
    public static Param<Double> number(String scope, String name, double defaultValue, double min, double max, String doc) {
        return new Param<>(scope, name, Kind.NUMBER, plain(defaultValue), "a number from " + plain(min) + " to " + plain(max),
                v -> Double.isFinite(v) && v >= min && v <= max, Double::valueOf, doc);
    }

    /** A duration ({@code 5m}, {@code 1h}, {@code PT30S}, …) in [min, max]. */
    public static Param<Duration> duration(String scope, String name, String defaultValue, Duration min, Duration max, String doc) {
        return new Param<>(scope, name, Kind.DURATION, defaultValue, "a duration from " + min + " to " + max,
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0, Durations::parse, doc);
    }

    /** A duration of whole minutes in [minMinutes, maxMinutes] (for windows counted in one-minute buckets). */
    public static Param<Duration> minutes(String scope, String name, String defaultValue, int minMinutes, int maxMinutes,
                                          String doc) {
        return new Param<>(scope, name, Kind.DURATION, defaultValue,
                "a whole number of minutes from " + minMinutes + "m to " + maxMinutes + "m",
                v -> v.toMillis() % 60_000 == 0 && v.toMinutes() >= minMinutes && v.toMinutes() <= maxMinutes,
                Durations::parse, doc);
    }

    /** An amount of US dollars, exact, not negative, at most 6 decimal places. */
    public static Param<BigDecimal> money(String scope, String name, String defaultValue, String doc) {
        return new Param<>(scope, name, Kind.MONEY, defaultValue, "US dollars, not negative, at most 6 decimal places",
                v -> v.signum() >= 0 && v.scale() <= 6, text -> new BigDecimal(text.trim()).stripTrailingZeros(), doc);
    }

    /** A severity: low, medium, high or critical. */
    public static Param<Severity> severity(String scope, String name, Severity defaultValue, String doc) {
        return new Param<>(scope, name, Kind.SEVERITY, defaultValue.name(), "low, medium, high or critical", v -> true,
                text -> Severity.valueOf(text.trim().toLowerCase(Locale.ROOT)), doc);
    }

    /**
     * Parses {@code text}; an {@link IllegalArgumentException} names the parameter, the text and what is
     * expected.
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(localKey() + ": '" + text + "' is not " + rangeText);
        }
        if (!valid.test(value)) {
            throw new IllegalArgumentException(localKey() + ": '" + text + "' is not " + rangeText);
        }
        return value;
    }

    /** The rule id (or {@code breaker}) this parameter belongs to. */
    public String scope() {
        return scope;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String defaultText() {
        return defaultText;
    }

    public String rangeText() {
        return rangeText;
    }

    public String doc() {
        return doc;
    }

    /** {@code scope.name}: the key in a profile's {@code settings} and in a tenant override. */
    public String localKey() {
        return localKey;
    }

    /** {@code vigil.detect.scope.name}: the deployment's configuration key. */
    public String configKey() {
        return "vigil.detect." + localKey();
    }

    @Override
    public String toString() {
        return localKey();
    }

    private static Boolean parseFlag(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException(text);
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
