package dev.vigil.notifier;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Durations in configuration, written the way people write them: {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, or ISO-8601 ({@code PT5S}). Kafka's {@link ConfigDef} has no duration type, so they are strings with
 * this validator, and a wrong one fails at start naming the key.
 */
final class DurationSetting implements ConfigDef.Validator {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Duration min;
    private final Duration max;

    private DurationSetting(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    static DurationSetting between(Duration min, Duration max) {
        return new DurationSetting(min, max);
    }

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
            throw new IllegalArgumentException("not a duration (use e.g. 250ms, 5s, 2m, 1h or PT5S)");
        }
    }

    @Override
    public void ensureValid(String name, Object value) {
        Duration duration;
        try {
            duration = parse((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new ConfigException(name, value, "must be between " + text(min) + " and " + text(max));
        }
    }

    @Override
    public String toString() {
        return "a duration between " + text(min) + " and " + text(max) + " (e.g. 250ms, 5s, 2m)";
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
