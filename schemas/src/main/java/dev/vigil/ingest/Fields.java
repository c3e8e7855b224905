package dev.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, validating reads of one JSON object's fields. Every failure is an {@link IngestException} naming the
 * field by its path from the document root ({@code geo.country}, {@code scopes[2]}) and showing the bad value.
 * An absent field and an explicit {@code null} are treated alike.
 */
final class Fields {

    /** Money fields: Avro decimal(18, 6). */
    static final int MONEY_SCALE = 6;
    private static final int MONEY_INTEGER_DIGITS = 18 - MONEY_SCALE;

    /** RFC 3339 date-time: seconds required, any fraction, Z or a numeric offset. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private final ObjectNode node;
    private final String prefix;

    private Fields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static Fields of(ObjectNode node) {
        return new Fields(node, "");
    }

    String path(String name) {
        return prefix + name;
    }

    IngestException error(String name, String reason) {
        return new IngestException(path(name), reason);
    }

    /** The raw value, or null when absent or JSON null. */
    JsonNode raw(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private JsonNode present(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            throw error(name, "is required");
        }
        return value;
    }

    String requiredText(String name) {
        return text(name, present(name));
    }

    /** A required string that identifies something, so it may not be blank either. */
    String requiredId(String name) {
        String text = requiredText(name);
        if (text.isBlank()) {
            throw error(name, "must not be blank");
        }
        return text;
    }

    String optionalText(String name) {
        JsonNode value = raw(name);
        return value == null ? null : text(name, value);
    }

    private String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw error(name, "must be a string: " + Json.show(value));
        }
        return value.textValue();
    }

    boolean booleanOr(String name, boolean defaultValue) {
        JsonNode value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw error(name, "must be true or false: " + Json.show(value));
        }
        return value.booleanValue();
    }

    long requiredLong(String name, long min) {
        return integer(name, present(name), min, Long.MAX_VALUE);
    }

    Long optionalLong(String name, long min) {
        JsonNode value = raw(name);
        return value == null ? null : integer(name, value, min, Long.MAX_VALUE);
    }

    long longOr(String name, long defaultValue, long min) {
        Long value = optionalLong(name, min);
        return value == null ? defaultValue : value;
    }

    int requiredInt(String name, int min) {
        return (int) integer(name, present(name), min, Integer.MAX_VALUE);
    }

    Integer optionalInt(String name, int min) {
        JsonNode value = raw(name);
        return value == null ? null : (int) integer(name, value, min, Integer.MAX_VALUE);
    }

    int intOr(String name, int defaultValue, int min) {
        Integer value = optionalInt(name, min);
        return value == null ? defaultValue : value;
    }

    private long integer(String name, JsonNode value, long min, long max) {
        if (!value.isIntegralNumber()) {
            throw error(name, "must be an integer: " + Json.show(value));
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw error(name, "must be between " + min + " and " + max + ": " + Json.show(value));
        }
        return value.longValue();
    }

    /** One of an Avro enum's symbols, which are the Java constant names of the generated enum. */
    <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        return symbol(name, present(name), type);
    }

    <E extends Enum<E>> E symbol(String name, JsonNode value, Class<E> type) {
        if (value.isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value.textValue())) {
                    return constant;
                }
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw error(name, "must be one of " + allowed + ": " + Json.show(value));
    }

    Instant requiredInstant(String name) {
        JsonNode value = present(name);
        Instant instant = value.isTextual() ? parseInstant(value.textValue()) : null;
        if (instant == null) {
            throw error(name, "not an RFC 3339 timestamp: " + Json.show(value));
        }
        return instant;
    }

    /** RFC 3339 with any offset, as a UTC instant truncated to milliseconds; null if it is not one. */
    static Instant parseInstant(String text) {
        if (!RFC_3339.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An exact, non-negative amount of dollars with at most six decimals, from a JSON number or a string,
     * at scale 6 as the Avro decimal(18, 6) needs.
     */
    BigDecimal requiredMoney(String name) {
        JsonNode value = present(name);
        BigDecimal amount;
        if (value.isNumber()) {
            amount = value.decimalValue();
        } else if (value.isTextual()) {
            amount = decimalOrNull(value.textValue());
            if (amount == null) {
                throw error(name, "not a decimal number: " + Json.show(value));
            }
        } else {
            throw error(name, "must be a decimal number or a string holding one: " + Json.show(value));
        }
        if (amount.signum() < 0) {
            throw error(name, "must not be negative: " + Json.show(value));
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > MONEY_SCALE) {
            throw error(name, "has more than " + MONEY_SCALE + " decimals: " + Json.show(value));
        }
        if ((long) stripped.precision() - stripped.scale() > MONEY_INTEGER_DIGITS) {
            throw error(name, "is too large (at most " + MONEY_INTEGER_DIGITS + " integer digits): " + Json.show(value));
        }
        return amount.setScale(MONEY_SCALE);
    }

    private static BigDecimal decimalOrNull(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An array of strings; absent or null is the empty list. */
    List<String> stringList(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return new ArrayList<>();
        }
        if (!value.isArray()) {
            throw error(name, "must be an array of strings: " + Json.show(value));
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(text(name + "[" + i + "]", value.get(i)));
        }
        return out;
    }

    /** An array of enum symbols; absent or null is the empty list. */
    <E extends Enum<E>> List<E> symbolList(String name, Class<E> type) {
        JsonNode value = raw(name);
        if (value == null) {
            return new ArrayList<>();
        }
        if (!value.isArray()) {
            throw error(name, "must be an array: " + Json.show(value));
        }
        List<E> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(symbol(name + "[" + i + "]", value.get(i), type));
        }
        return out;
    }

    /** An object whose values are all strings; absent or null is the empty map. */
    Map<String, String> stringMap(String name) {
        Fields object = optionalObject(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null) {
            for (Iterator<String> keys = object.node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                out.put(key, object.text(key, object.node.get(key)));
            }
        }
        return out;
    }

    /** An object of scalar values (strings, numbers, booleans), each kept as its text; null or absent is empty. */
    Map<String, String> scalarMap(String name) {
        Fields object = optionalObject(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null) {
            for (Iterator<String> keys = object.node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                JsonNode value = object.node.get(key);
                if (!value.isValueNode() || value.isNull()) {
                    throw object.error(key, "must be a string, number or boolean: " + Json.show(value));
                }
                out.put(key, value.isTextual() ? value.textValue() : value.asText());
            }
        }
        return out;
    }

    /** The names of this object's fields, in document order. */
    Iterator<String> names() {
        return node.fieldNames();
    }

    Fields optionalObject(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw error(name, "must be an object or null: " + Json.show(value));
        }
        return new Fields((ObjectNode) value, path(name) + ".");
    }

    Fields requiredObject(String name) {
        JsonNode value = present(name);
        if (!value.isObject()) {
            throw error(name, "must be an object: " + Json.show(value));
        }
        return new Fields((ObjectNode) value, path(name) + ".");
    }
}
