package dev.vigil.lifecycle.view;

import dev.vigil.serde.SchemaRegistryUnavailableException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the raw bytes of one input topic into its Avro record. The sources read bytes and decode here, rather than
 * through a deserialization exception handler, so that a poison pill is counted per topic, logged with its
 * position, and passed over in one visible place; the next record goes on as usual.
 *
 * <p>A schema registry that cannot be reached is not a bad record: skipping would lose good alerts during an
 * outage. That failure is thrown instead; the stream thread is replaced and reads again from its last commit.
 */
final class DecodingProcessor<T extends SpecificRecord> implements Processor<String, byte[], String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingProcessor.class);

    private final String node;
    private final String topic;
    private final Deserializer<T> deserializer;
    private ProcessorContext<String, SpecificRecord> context;
    private Sensor undecodable;
    private Sensor empty;

    DecodingProcessor(String node, String topic, Deserializer<T> deserializer) {
        this.node = node;
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.undecodable = SkippedRecords.UNDECODABLE.sensor(context, node);
        this.empty = SkippedRecords.EMPTY.sensor(context, node);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            empty.record();
            LOG.warn("Skipped a record without a value on {} ({})", topic, position());
            return;
        }
        T value;
        try {
            value = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            if (isRegistryOutage(e)) {
                throw e;
            }
            undecodable.record();
            LOG.warn("Skipped an undecodable record on {} ({}): {}", topic, position(), e.getMessage());
            return;
        }
        if (value == null) {
            empty.record();
            LOG.warn("Skipped a record that decodes to nothing on {} ({})", topic, position());
            return;
        }
        context.forward(record.withValue(value));
    }

    /** A network failure anywhere in the cause chain: the registry was not reached, the bytes may be fine. */
    static boolean isRegistryOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException || t instanceof ConnectException || t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private String position() {
        return context.recordMetadata()
                .map(m -> "partition " + m.partition() + ", offset " + m.offset())
                .orElse("position unknown");
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
