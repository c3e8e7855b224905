package dev.vigil.lifecycle.view;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The incident view store's value serde: {@link IncidentJson}, UTF-8. Its bytes are also the changelog's. */
public final class IncidentSerde implements Serde<Incident> {

    @Override
    public Serializer<Incident> serializer() {
        return (topic, incident) -> incident == null ? null : IncidentJson.toBytes(incident);
    }

    @Override
    public Deserializer<Incident> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return IncidentJson.fromBytes(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("Cannot read an incident from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
