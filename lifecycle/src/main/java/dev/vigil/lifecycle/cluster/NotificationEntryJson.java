package dev.vigil.lifecycle.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.NotificationEntry;
import java.io.IOException;
import java.time.Instant;

/**
 * A {@link NotificationEntry} as it travels between instances: one JSON object, every field, instants in ISO-8601
 * with their full precision, so that the timeline another instance builds from it is the one this instance would.
 */
final class NotificationEntryJson {

    private NotificationEntryJson() {
    }

    static byte[] toBytes(NotificationEntry entry) {
        try {
            return AlertViewJson.MAPPER.writeValueAsBytes(AlertViewJson.MAPPER.createObjectNode()
                    .put("deliveryId", entry.deliveryId())
                    .put("channel", entry.channel())
                    .put("status", entry.status())
                    .put("attempt", entry.attempt())
                    .put("trigger", entry.trigger())
                    .put("detail", entry.detail())
                    .put("at", entry.at().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification entry as JSON", e);
        }
    }

    /** The inverse of {@link #toBytes}; {@link IllegalArgumentException} when the bytes are not an entry. */
    static NotificationEntry fromBytes(byte[] bytes) {
        JsonNode node;
        try {
            node = AlertViewJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a notification entry: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject() || !node.path("attempt").isInt()) {
            throw new IllegalArgumentException("not a notification entry");
        }
        try {
            return new NotificationEntry(text(node, "deliveryId"), text(node, "channel"), text(node, "status"),
                    node.get("attempt").intValue(), text(node, "trigger"), text(node, "detail"),
                    Instant.parse(text(node, "at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a notification entry: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
