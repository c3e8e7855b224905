package dev.vigil.topology.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step after a bytes source: decodes every record into a {@link Decoded} and forwards it, good or bad,
 * keyed by the key read as UTF-8 text. What happens to failures is decided downstream (the DLQ branch).
 *
 * @param <V> the decoded type
 */
public final class DecodeProcessor<V> implements Processor<byte[], byte[], String, Decoded<V>> {

    private final String sourceTopic;
    private final RecordDecoder<V> decoder;
    private ProcessorContext<String, Decoded<V>> context;

    public DecodeProcessor(String sourceTopic, RecordDecoder<V> decoder) {
        this.sourceTopic = sourceTopic;
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<V>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(sourceTopic);
        Decoded<V> decoded = decoder.decode(topic, record.key(), record.value());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(record.withKey(key).withValue(decoded));
    }
}
