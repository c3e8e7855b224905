package dev.vigil.ingest;

/**
 * A line of a JSON-lines file that broke the contract and was skipped: where, which field, and why.
 * {@link #toString()} is the line a person reads, e.g.
 * {@code line 17: field 'occurredAt': not an RFC 3339 timestamp: "2026-13-01"}.
 *
 * @param lineNumber the 1-based physical line number in the file, blank lines counted
 * @param field      the field at fault as a path ({@code geo.country}), or null when the line as a whole is wrong
 * @param message    why, with the bad value, without the field name
 */
public record IngestError(long lineNumber, String field, String message) {

    static IngestError of(long lineNumber, IngestException e) {
        return new IngestError(lineNumber, e.field(), e.reason());
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + (field == null ? "" : "field '" + field + "': ") + message;
    }
}
