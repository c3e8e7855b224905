package dev.vigil.lifecycle.command;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes records of a compacted topic keyed by {@code key}, a null value for a deletion, and waits for the broker's
 * acknowledgement, as {@link KafkaRuleWriter} does for rules. The producer should be idempotent with
 * {@code acks=all}; the caller owns and closes it.
 */
public final class KafkaTopicWriter<V> implements TopicWriter<V> {

    private final Producer<String, V> producer;
    private final String topic;
    private final Duration timeout;
    private final String what;

    /** @param what what a record is, for messages: {@code "channel"}, {@code "silence"} */
    public KafkaTopicWriter(Producer<String, V> producer, String topic, Duration timeout, String what) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
        this.what = what;
    }

    @Override
    public long put(String key, V value) {
        return send(key, value);
    }

    @Override
    public long delete(String key) {
        return send(key, null);
    }

    private long send(String key, V value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw failed(key, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(key, e);
        }
    }

    private WriteFailedException failed(String key, Throwable cause) {
        return new WriteFailedException("Kafka did not confirm the record of " + what + " " + key + " on " + topic
                + " within " + timeout.toMillis() + " ms (" + cause.getClass().getSimpleName() + ")", cause,
                "Kafka did not confirm the " + what + " change in time; read the " + what
                        + " before repeating the change");
    }
}
