package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.lifecycle.view.AlertViewJson;
import io.javalin.http.Context;
import java.util.Map;

/** Writes JSON answers, with the mapper of {@link AlertViewJson} so that the alert's figures stay exact. */
final class Responses {

    private Responses() {
    }

    static void json(Context ctx, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = AlertViewJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON answer", e);
        }
        ctx.status(status).contentType("application/json").result(bytes);
    }

    /** {@code {"error": message, ...details}}. */
    static void error(Context ctx, int status, String message, Map<String, String> details) {
        ObjectNode body = AlertViewJson.MAPPER.createObjectNode().put("error", message);
        details.forEach(body::put);
        json(ctx, status, body);
    }

    static ObjectNode object() {
        return AlertViewJson.MAPPER.createObjectNode();
    }
}
