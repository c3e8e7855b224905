package dev.vigil.topology.ingest;

import dev.vigil.avro.AgentEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keys an event by its {@code agentId} before the repartition, and records its {@link EventOrigin} in headers so
 * that alert evidence still points at the events topic, not at the internal repartition topic.
 */
public final class RekeyProcessor implements Processor<String, Decoded<AgentEvent>, String, AgentEvent> {

    private ProcessorContext<String, AgentEvent> context;

    @Override
    public void init(ProcessorContext<String, AgentEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<AgentEvent>> record) {
        AgentEvent event = record.value().value();
        Headers headers = new RecordHeaders(record.headers().toArray());
        context.recordMetadata().ifPresent(m -> new EventOrigin(m.topic(), m.partition(), m.offset()).writeTo(headers));
        context.forward(new Record<>(event.getAgentId(), event, record.timestamp(), headers));
    }
}
