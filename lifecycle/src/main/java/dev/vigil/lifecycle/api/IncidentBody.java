package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.lifecycle.view.IncidentStatus;
import java.util.Iterator;
import java.util.Set;

/**
 * The JSON body of {@code PATCH /v1/incidents/{id}}: {@code {"status": "...", "note": "..."}}, at least one of them.
 * A note is optional for a forward move and required to close (what was done and why it is over stays with the
 * incident). Strict like the alert actions: an unknown field is refused, and every refusal names the field. A note
 * is at most {@value #MAX_NOTE} characters, so that the newest 50 notes of an incident fit in one store record.
 */
record IncidentBody(IncidentStatus status, String note) {

    static final int MAX_NOTE = 2000;
    private static final Set<String> FIELDS = Set.of("status", "note");

    static IncidentBody parse(byte[] body) {
        ObjectNode node = JsonBody.object(body, "{\"status\": \"...\", \"note\": \"...\"}");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badField(Shown.shorten(name), "unknown field; allowed: note, status");
            }
        }
        IncidentStatus status = status(node.get("status"));
        String note = note(node.get("note"));
        if (status == null && note == null) {
            throw ApiException.badRequest("an incident update needs a status, a note or both: "
                    + "{\"status\": \"investigating\", \"note\": \"...\"}");
        }
        if (status == IncidentStatus.CLOSED && note == null) {
            throw ApiException.badField("note", "closing an incident needs a note saying what was done");
        }
        return new IncidentBody(status, note);
    }

    private static IncidentStatus status(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String allowed = "must be one of " + String.join(", ", IncidentStatus.wireNames());
        if (!value.isTextual()) {
            throw ApiException.badField("status", allowed);
        }
        return IncidentStatus.fromWireName(value.textValue()).orElseThrow(() ->
                ApiException.badField("status", allowed + " (got '" + Shown.shorten(value.textValue()) + "')"));
    }

    private static String note(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badField("note", "must be a string");
        }
        String note = value.textValue();
        if (note.isBlank()) {
            throw ApiException.badField("note", "must not be blank; leave it out for a status change without one");
        }
        if (note.length() > MAX_NOTE) {
            throw ApiException.badField("note", "must be at most " + MAX_NOTE + " characters");
        }
        return note;
    }
}
