package dev.vigil.lifecycle.view;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The view store's value serde: {@link AlertViewJson}, UTF-8. Its bytes are also the changelog's. */
public final class AlertViewSerde implements Serde<AlertView> {

    @Override
    public Serializer<AlertView> serializer() {
        return (topic, view) -> view == null ? null : AlertViewJson.toBytes(view);
    }

    @Override
    public Deserializer<AlertView> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return AlertViewJson.fromBytes(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("Cannot read an alert view from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
