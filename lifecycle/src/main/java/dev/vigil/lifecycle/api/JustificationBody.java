package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;

/**
 * The body of an agent command ({@code halt}, {@code resume}, {@code kill}, {@code calibrated}):
 * {@code {"justification": "..."}}, required, not blank, at most {@value #MAX_LENGTH} characters; it becomes the
 * event's note, which the audit chain keeps and the topology shows as the breaker's reason. Strict: any other field is
 * refused, naming it.
 */
final class JustificationBody {

    static final int MAX_LENGTH = 2_000;
    private static final String FIELD = "justification";

    private JustificationBody() {
    }

    static String parse(byte[] body) {
        if (JsonBody.isBlank(body)) {
            throw ApiException.badField(FIELD, "is required: send {\"justification\": \"why\"}");
        }
        ObjectNode node = JsonBody.object(body, "{\"justification\": \"why\"}");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(FIELD)) {
                throw ApiException.badField(name, "unknown field; the body holds justification only");
            }
        }
        JsonNode value = node.get(FIELD);
        if (value == null || value.isNull()) {
            throw ApiException.badField(FIELD, "is required: say why");
        }
        if (!value.isTextual()) {
            throw ApiException.badField(FIELD, "must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            throw ApiException.badField(FIELD, "must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw ApiException.badField(FIELD, "must be at most " + MAX_LENGTH + " characters (got " + text.length() + ")");
        }
        return text;
    }
}
