package dev.vigil.lifecycle;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Durations in configuration, written the way people write them ({@code 500ms}, {@code 5s}, {@code 2m}) or as
 * ISO-8601 ({@code PT5S}). Kafka's {@link ConfigDef} has no duration type; a plain number of milliseconds under
 * a key without a unit is easy to misread, so the unit is part of the value.
 */
final class ConfigDurations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    private ConfigDurations() {
    }

    /** Parses {@code text}, or throws an {@link IllegalArgumentException} that says what is accepted. */
    static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 5s, 2m or PT5S");
        }
    }

    /** A validator accepting durations between {@code min} and {@code max} inclusive. */
    static ConfigDef.Validator between(Duration min, Duration max) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                Duration d;
                try {
                    d = parse((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new ConfigException(name, value, "must be between " + min + " and " + max);
                }
            }

            @Override
            public String toString() {
                return "a duration between " + min + " and " + max + " (500ms, 5s, 2m, PT5S)";
            }
        };
    }
}
