package dev.vigil.lifecycle.command;

import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes each event to the lifecycle topic keyed by agentId (the topic's key, DESIGN.md), and waits for the
 * broker's acknowledgement: a command answers only once its event is on the topic. The producer should be
 * idempotent with {@code acks=all}; the caller owns and closes it.
 */
public final class KafkaLifecycleEventWriter implements LifecycleEventWriter {

    private final Producer<String, AlertLifecycleEvent> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaLifecycleEventWriter(Producer<String, AlertLifecycleEvent> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void write(AlertLifecycleEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.getAgentId(), event))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        }
    }

    private WriteFailedException failed(Throwable cause) {
        return new WriteFailedException("Kafka did not confirm the lifecycle event on " + topic + " within "
                + timeout.toMillis() + " ms (" + cause.getClass().getSimpleName() + ")", cause);
    }
}
