package dev.vigil.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Durations in configuration, written the way people say them ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 8d}) or in ISO-8601 ({@code PT5M}, {@code P8D}); never a bare number, whose unit a reader
 * would have to guess. Kafka's {@link ConfigDef} has no duration type, so duration keys are strings with the
 * {@link #between} validator, and a wrong value fails at start naming the key. One parser for every app and the CLI.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw notADuration(text);
            }
        }
        Matcher m = SHORT.matcher(value);
        if (!m.matches()) {
            throw notADuration(text);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** A validator accepting durations between {@code min} and {@code max}, both inclusive. */
    public static ConfigDef.Validator between(Duration min, Duration max) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                Duration d;
                try {
                    d = parse(value == null ? null : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new ConfigException(name, value, "must be between " + min + " and " + max);
                }
            }

            @Override
            public String toString() {
                return "a duration (500ms, 30s, 5m, 1h, 8d or ISO-8601) in [" + min + ", " + max + "]";
            }
        };
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 500ms, 30s, 5m, 1h, 8d or ISO-8601 PT5M");
    }
}
