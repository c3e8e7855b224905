package dev.vigil.topology.ingest;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed {@link Decoded} back into the record as it was read — original key bytes, value bytes and
 * headers — plus the {@link DeadLetterHeaders}, ready for the DLQ sink. Each one is counted through
 * {@code onDeadLetter} (with the failure's reason code), so no bad record disappears without a trace.
 */
public final class DeadLetterProcessor<V> implements Processor<String, Decoded<V>, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private final Consumer<String> onDeadLetter;
    private ProcessorContext<byte[], byte[]> context;

    public DeadLetterProcessor(Consumer<String> onDeadLetter) {
        this.onDeadLetter = onDeadLetter;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<V>> record) {
        Decoded<V> decoded = record.value();
        DecodeFailure failure = decoded.failure();
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.REASON, failure.reason());
        put(headers, DeadLetterHeaders.ERROR_CLASS, failure.errorClass());
        context.recordMetadata().ifPresent(source -> addSource(headers, source));
        onDeadLetter.accept(failure.code());
        LOG.debug("Record sent to the DLQ ({}): {}", failure.code(), failure.reason());
        context.forward(new Record<>(decoded.rawKey(), decoded.rawValue(), record.timestamp(), headers));
    }

    private static void addSource(Headers headers, RecordMetadata source) {
        put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
