package dev.vigil.topology.rules;

import dev.vigil.ingest.IngestException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rule measures in its window and compares with its threshold: the number of matching events
 * ({@code count}), the sum of a numeric field ({@code sum(bytesWritten)}) or the number of distinct values of a
 * field ({@code distinct(sourceIp)}). Written and read in that textual form.
 */
public record Aggregate(Kind kind, String field) {

    static final String FIELD = "condition.aggregate";
    public static final Aggregate COUNT = new Aggregate(Kind.COUNT, null);
    private static final Pattern CALL = Pattern.compile("\\s*(sum|distinct)\\s*\\(\\s*([A-Za-z]+)\\s*\\)\\s*");

    public enum Kind { COUNT, SUM, DISTINCT }

    public Aggregate {
        if ((kind == Kind.COUNT) != (field == null)) {
            throw new IllegalArgumentException("count takes no field; sum and distinct take one");
        }
    }

    /** The aggregate of its text; null means {@code count}. {@link IngestException} on {@value #FIELD}. */
    public static Aggregate parse(String text) {
        if (text == null || text.strip().equals("count")) {
            return COUNT;
        }
        Matcher m = CALL.matcher(text);
        if (!m.matches()) {
            throw new IngestException(FIELD, "must be count, sum(field) or distinct(field): \"" + text + "\"");
        }
        String field = m.group(2);
        if (m.group(1).equals("sum")) {
            if (!EventFields.isNumeric(field)) {
                throw new IngestException(FIELD, "sum needs a numeric event field, not \"" + field + "\"");
            }
            return new Aggregate(Kind.SUM, field);
        }
        if (!EventFields.isScalar(field)) {
            throw new IngestException(FIELD, "distinct needs a string or numeric event field, not \"" + field + "\"");
        }
        return new Aggregate(Kind.DISTINCT, field);
    }

    @Override
    public String toString() {
        return kind == Kind.COUNT ? "count" : kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + field + ")";
    }
}
