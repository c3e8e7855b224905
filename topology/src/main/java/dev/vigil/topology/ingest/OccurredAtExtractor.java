package dev.vigil.topology.ingest;

import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Makes a value's {@code occurredAt} the record timestamp, so stream time, punctuation and the timestamps of
 * everything downstream are event time. It runs before the decode step and must never fail or return a negative
 * time (Kafka Streams would drop the record unseen): a value it cannot read falls back to the record's own
 * timestamp, and the decode step then sends it to the DLQ.
 *
 * <p>The value is decoded twice (here and in the decode step). That is the price of a bytes source — the one
 * way a poison pill can neither crash the app nor vanish — and it is the same Avro read, cached per schema id.
 *
 * @param <V> the value type
 */
public final class OccurredAtExtractor<V> implements TimestampExtractor {

    private final Deserializer<V> deserializer;
    private final Function<V, Instant> occurredAt;

    public OccurredAtExtractor(Deserializer<V> deserializer, Function<V, Instant> occurredAt) {
        this.deserializer = deserializer;
        this.occurredAt = occurredAt;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof byte[] bytes) {
            long eventTime = eventTime(record.topic(), bytes);
            if (eventTime >= 0) {
                return eventTime;
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    private long eventTime(String topic, byte[] bytes) {
        try {
            V value = deserializer.deserialize(topic, bytes);
            Instant time = value == null ? null : occurredAt.apply(value);
            return time == null ? -1 : time.toEpochMilli();
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }
}
