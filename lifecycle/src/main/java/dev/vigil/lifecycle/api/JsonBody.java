package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies as JSON, read strictly: a duplicate key or anything after the document is malformed rather than
 * silently resolved, and the answer says where the JSON broke.
 */
final class JsonBody {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonBody() {
    }

    static boolean isBlank(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).isBlank();
    }

    /** The JSON document of {@code body}; a 400 starting "malformed JSON" when it is none. */
    static JsonNode read(byte[] body) {
        try {
            return STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON");
        }
    }

    /** The JSON object of {@code body}; a 400 naming {@code expected} when the body is empty or not an object. */
    static ObjectNode object(byte[] body, String expected) {
        JsonNode node = isBlank(body) ? null : read(body);
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be " + expected + " as a JSON object");
        }
        return (ObjectNode) node;
    }
}
