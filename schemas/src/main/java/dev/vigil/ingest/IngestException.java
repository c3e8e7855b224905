package dev.vigil.ingest;

/**
 * A JSON document that breaks Vigil's JSON contract (DESIGN.md: ingest format, agent profiles, alerts).
 * It names the field at fault, so a bad line can be reported as {@code line 17: field 'occurredAt': ...}
 * and skipped while the rest of the file goes on.
 *
 * <p>No stack trace is captured: bad lines are expected input, and a file may hold millions of them.
 */
public final class IngestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    /**
     * @param field  the field at fault as a path ({@code occurredAt}, {@code geo.country}, {@code scopes[2]}),
     *               or null when the document as a whole is wrong (not JSON, not an object)
     * @param reason why, with the bad value, e.g. {@code not an RFC 3339 timestamp: "2026-13-01"}
     */
    public IngestException(String field, String reason) {
        super(field == null ? reason : "field '" + field + "': " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    /** The field at fault, or null when the whole document is wrong. */
    public String field() {
        return field;
    }

    /** Why, without the field name. */
    public String reason() {
        return reason;
    }
}
