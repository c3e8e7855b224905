package dev.vigil.lifecycle.command;

import dev.vigil.avro.RuleDefinition;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes rule records to the rules topic keyed by ruleId, a null value for a deletion, and waits for the broker's
 * acknowledgement, as {@link KafkaLifecycleEventWriter} does for lifecycle events. The producer should be
 * idempotent with {@code acks=all}; the caller owns and closes it.
 */
public final class KafkaRuleWriter implements RuleWriter {

    private final Producer<String, RuleDefinition> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaRuleWriter(Producer<String, RuleDefinition> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public long put(RuleDefinition definition) {
        return send(definition.getRuleId(), definition);
    }

    @Override
    public long delete(String ruleId) {
        return send(ruleId, null);
    }

    private long send(String ruleId, RuleDefinition value) {
        try {
            return producer.send(new ProducerRecord<>(topic, ruleId, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw failed(ruleId, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(ruleId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(ruleId, e);
        }
    }

    private WriteFailedException failed(String ruleId, Throwable cause) {
        return new WriteFailedException("Kafka did not confirm the record of rule " + ruleId + " on " + topic
                + " within " + timeout.toMillis() + " ms (" + cause.getClass().getSimpleName() + ")", cause,
                "Kafka did not confirm the rule change in time; read the rule before repeating the change");
    }
}
