package dev.vigil.lifecycle.stream;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Feeds the live stream: every decoded alert and lifecycle event the view's task reads is appended to the
 * {@link EventJournal}. It sits beside the alert view, not behind it, so the stream shows what reached the topics —
 * agent commands too, which the view does not keep — and the view's own bookkeeping stays untouched.
 */
public final class JournalProcessor implements Processor<String, SpecificRecord, Void, Void> {

    private final EventJournal journal;

    public JournalProcessor(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Alert alert) {
            journal.append(StreamEvents.of(alert));
        } else if (record.value() instanceof AlertLifecycleEvent event) {
            StreamEvents.of(event).ifPresent(journal::append);
        }
    }
}
