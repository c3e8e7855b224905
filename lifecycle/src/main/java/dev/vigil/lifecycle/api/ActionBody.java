package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.avro.Resolution;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON body of acknowledge and resolve: {@code {"note": "...", "resolution": "true_positive|false_positive|benign"}},
 * both optional, {@code resolution} for resolve only. An empty body means no note. Strict on purpose: an unknown
 * field (a typo such as {@code "notes"}) is refused rather than silently dropped, and every refusal names the field.
 */
record ActionBody(String note, Resolution resolution) {

    static final List<String> RESOLUTIONS = Arrays.stream(Resolution.values()).map(Enum::name).toList();

    static ActionBody parse(byte[] body, boolean resolutionAllowed) {
        if (JsonBody.isBlank(body)) {
            return new ActionBody(null, null);
        }
        JsonNode node = JsonBody.read(body);
        if (!node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"note\": \"...\"}");
        }
        Set<String> allowed = resolutionAllowed ? Set.of("note", "resolution") : Set.of("note");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + name + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new ActionBody(note(node.get("note")), resolution(node.get("resolution")));
    }

    private static String note(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("note must be a string, not " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
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
        throw ApiException.badRequest("resolution must be one of " + String.join(", ", RESOLUTIONS));
    }
}
