package dev.vigil.topology.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an event was first read: topic, partition and offset on the events topic. Alert evidence points there.
 * A re-keyed event reaches the detector through the repartition topic, whose offsets mean nothing to an
 * operator, so {@link RekeyProcessor} carries the origin across in headers.
 */
public record EventOrigin(String topic, int partition, long offset) {

    static final String TOPIC_HEADER = "vigil.origin.topic";
    static final String PARTITION_HEADER = "vigil.origin.partition";
    static final String OFFSET_HEADER = "vigil.origin.offset";

    /** The origin from the headers when present, otherwise the metadata of the record being processed. */
    public static Optional<EventOrigin> of(Headers headers, Optional<RecordMetadata> metadata) {
        Optional<EventOrigin> carried = fromHeaders(headers);
        if (carried.isPresent()) {
            return carried;
        }
        return metadata.map(m -> new EventOrigin(m.topic(), m.partition(), m.offset()));
    }

    static Optional<EventOrigin> fromHeaders(Headers headers) {
        String topic = text(headers.lastHeader(TOPIC_HEADER));
        String partition = text(headers.lastHeader(PARTITION_HEADER));
        String offset = text(headers.lastHeader(OFFSET_HEADER));
        if (topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EventOrigin(topic, Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void writeTo(Headers headers) {
        headers.remove(TOPIC_HEADER).remove(PARTITION_HEADER).remove(OFFSET_HEADER);
        headers.add(TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION_HEADER, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
