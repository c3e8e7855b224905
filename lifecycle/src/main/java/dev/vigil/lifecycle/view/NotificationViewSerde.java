package dev.vigil.lifecycle.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The notification view store's value serde, JSON like the alert view's so the changelog stays readable:
 * {@code {"updatedAt": "...", "entries": [{"deliveryId", "channel", "status", "attempt", "trigger", "detail", "at"}]}}.
 */
public final class NotificationViewSerde implements Serde<NotificationHistory> {

    @Override
    public Serializer<NotificationHistory> serializer() {
        return (topic, history) -> history == null ? null : toBytes(history);
    }

    @Override
    public Deserializer<NotificationHistory> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return fromBytes(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot read a notification history from " + topic + ": "
                        + e.getMessage(), e);
            }
        };
    }

    static byte[] toBytes(NotificationHistory history) {
        ObjectNode node = AlertViewJson.MAPPER.createObjectNode();
        node.put("updatedAt", AlertViewJson.timestamp(history.updatedAt()));
        ArrayNode entries = node.putArray("entries");
        for (NotificationEntry entry : history.entries()) {
            entries.addObject()
                    .put("deliveryId", entry.deliveryId())
                    .put("channel", entry.channel())
                    .put("status", entry.status())
                    .put("attempt", entry.attempt())
                    .put("trigger", entry.trigger())
                    .put("detail", entry.detail())
                    .put("at", AlertViewJson.timestamp(entry.at()));
        }
        try {
            return AlertViewJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification history as JSON", e);
        }
    }

    static NotificationHistory fromBytes(byte[] bytes) throws IOException {
        JsonNode node = AlertViewJson.MAPPER.readTree(bytes);
        if (node == null || !node.isObject() || !node.path("entries").isArray()) {
            throw new IllegalArgumentException("not a notification history");
        }
        List<NotificationEntry> entries = new ArrayList<>();
        for (JsonNode e : node.get("entries")) {
            entries.add(new NotificationEntry(e.path("deliveryId").asText(), e.path("channel").asText(),
                    e.path("status").asText(), e.path("attempt").asInt(), e.path("trigger").asText(),
                    e.hasNonNull("detail") ? e.get("detail").asText() : null, Instant.parse(e.path("at").asText())));
        }
        return new NotificationHistory(entries, Instant.parse(node.path("updatedAt").asText()));
    }
}
