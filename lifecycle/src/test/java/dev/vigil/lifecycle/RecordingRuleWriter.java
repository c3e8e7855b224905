package dev.vigil.lifecycle;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.lifecycle.command.RuleWriter;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Records what is written, as a topic would: each record gets the next offset and, like the topology, is handed
 * to the in-memory view, unless told that the view lags (until {@link #catchUp}) or that Kafka fails.
 */
public final class RecordingRuleWriter implements RuleWriter {

    /** One record on the imaginary topic; a null definition is a tombstone. */
    public record Written(String ruleId, long offset, RuleDefinition definition) {
    }

    private final InMemoryRules view;
    private final List<Written> written = new ArrayList<>();
    private final List<Written> notShown = new ArrayList<>();
    private long nextOffset;
    private boolean viewLags;
    private boolean kafkaFails;

    public RecordingRuleWriter(InMemoryRules view) {
        this.view = view;
    }

    /** Records a record written by someone else (another instance, an admin tool) and shows it in the view. */
    public synchronized long external(String ruleId, RuleDefinition definition) {
        Written record = new Written(ruleId, nextOffset++, definition);
        written.add(record);
        view.apply(ruleId, record.offset(), definition);
        return record.offset();
    }

    public synchronized void viewLags() {
        viewLags = true;
    }

    /** The view applies every record it has not shown yet, and keeps up from now on. */
    public synchronized void catchUp() {
        viewLags = false;
        notShown.forEach(w -> view.apply(w.ruleId(), w.offset(), w.definition()));
        notShown.clear();
    }

    public synchronized void kafkaFails() {
        kafkaFails = true;
    }

    public synchronized List<Written> written() {
        return List.copyOf(written);
    }

    @Override
    public synchronized long put(RuleDefinition definition) {
        return write(definition.getRuleId(), definition);
    }

    @Override
    public synchronized long delete(String ruleId) {
        return write(ruleId, null);
    }

    private long write(String ruleId, RuleDefinition definition) {
        if (kafkaFails) {
            throw new WriteFailedException("no broker answered", new TimeoutException("timeout"),
                    "Kafka did not confirm the rule change in time; read the rule before repeating the change");
        }
        Written record = new Written(ruleId, nextOffset++, definition);
        written.add(record);
        if (viewLags) {
            notShown.add(record);
        } else {
            view.apply(ruleId, record.offset(), definition);
        }
        return record.offset();
    }
}
