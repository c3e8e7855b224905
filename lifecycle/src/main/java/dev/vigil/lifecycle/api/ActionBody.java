package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON body of an alert action: {@code {"note": "...", "resolution": "...", "assignee": "..."}}.
 *
 * <ul>
 *   <li>acknowledge, reopen: {@code note}, optional;</li>
 *   <li>resolve: {@code note} and {@code resolution} ({@code true_positive | false_positive | benign}), optional;</li>
 *   <li>comment: {@code note}, required and not blank;</li>
 *   <li>assign: {@code assignee}, required, at most {@value #MAX_ASSIGNEE} printable characters; {@code note} optional.</li>
 * </ul>
 * An empty body means no field. Strict on purpose: an unknown field (a typo such as {@code "notes"}) is refused
 * rather than silently dropped, and every refusal names the field ({@code "field"} in the answer).
 */
record ActionBody(String note, Resolution resolution, String assignee) {

    static final List<String> RESOLUTIONS = Arrays.stream(Resolution.values()).map(Enum::name).toList();
    static final int MAX_ASSIGNEE = 200;

    /** Acknowledge ({@code resolutionAllowed} false) or resolve, as the compatibility routes read them. */
    static ActionBody parse(byte[] body, boolean resolutionAllowed) {
        return parse(body, resolutionAllowed ? LifecycleAction.RESOLVE : LifecycleAction.ACKNOWLEDGE);
    }

    static ActionBody parse(byte[] body, LifecycleAction action) {
        ActionBody parsed = JsonBody.isBlank(body) ? new ActionBody(null, null, null) : fields(body, action);
        if (action == LifecycleAction.COMMENT && (parsed.note() == null || parsed.note().isBlank())) {
            throw bad("note", "note is required for a comment and must not be blank");
        }
        if (action == LifecycleAction.ASSIGN && parsed.assignee() == null) {
            throw bad("assignee", "assignee is required for an assign");
        }
        return parsed;
    }

    private static ActionBody fields(byte[] body, LifecycleAction action) {
        JsonNode node = JsonBody.read(body);
        if (!node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"note\": \"...\"}");
        }
        Set<String> allowed = allowed(action);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw bad(Shown.shorten(name), "unknown field '" + Shown.shorten(name) + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new ActionBody(note(node.get("note")), resolution(node.get("resolution")), assignee(node.get("assignee")));
    }

    private static Set<String> allowed(LifecycleAction action) {
        return switch (action) {
            case RESOLVE -> Set.of("note", "resolution");
            case ASSIGN -> Set.of("note", "assignee");
            default -> Set.of("note");
        };
    }

    private static String note(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad("note", "note must be a string, not " + typeOf(value));
        }
        return value.textValue();
    }

    private static String assignee(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad("assignee", "assignee must be a string, not " + typeOf(value));
        }
        String assignee = value.textValue().strip();
        if (assignee.isEmpty() || assignee.length() > MAX_ASSIGNEE || assignee.chars().anyMatch(Character::isISOControl)) {
            throw bad("assignee", "assignee must be 1 to " + MAX_ASSIGNEE + " printable characters");
        }
        return assignee;
    }

    private static Resolution resolution(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            for (Resolution r : Resolution.values()) {
                if (r.name().equals(value.textValue())) {
                    return r;
                }
            }
        }
        throw bad("resolution", "resolution must be one of " + String.join(", ", RESOLUTIONS));
    }

    private static String typeOf(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static ApiException bad(String field, String message) {
        return new ApiException(400, message, Map.of("field", field));
    }
}
