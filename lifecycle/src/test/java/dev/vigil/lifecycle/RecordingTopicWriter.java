package dev.vigil.lifecycle;

import dev.vigil.lifecycle.command.TopicWriter;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Records what is written, as a compacted topic would: each record gets the next offset and is handed to the
 * in-memory view, unless told that the view lags (until {@link #catchUp}) or that Kafka fails.
 */
public final class RecordingTopicWriter<V> implements TopicWriter<V> {

    /** One record on the imaginary topic; a null value is a tombstone. */
    public record Written<V>(String key, long offset, V value) {
    }

    private final InMemoryRecords<V, ?> view;
    private final List<Written<V>> written = new ArrayList<>();
    private final List<Written<V>> notShown = new ArrayList<>();
    private long nextOffset;
    private boolean viewLags;
    private boolean kafkaFails;

    public RecordingTopicWriter(InMemoryRecords<V, ?> view) {
        this.view = view;
    }

    /** Records a record written by someone else (another instance, an admin tool) and shows it in the view. */
    public synchronized long external(String key, V value) {
        Written<V> record = new Written<>(key, nextOffset++, value);
        written.add(record);
        view.apply(key, record.offset(), value);
        return record.offset();
    }

    public synchronized void viewLags() {
        viewLags = true;
    }

    /** The view applies every record it has not shown yet, and keeps up from now on. */
    public synchronized void catchUp() {
        viewLags = false;
        notShown.forEach(w -> view.apply(w.key(), w.offset(), w.value()));
        notShown.clear();
    }

    public synchronized void kafkaFails() {
        kafkaFails = true;
    }

    public synchronized List<Written<V>> written() {
        return List.copyOf(written);
    }

    @Override
    public synchronized long put(String key, V value) {
        return write(key, value);
    }

    @Override
    public synchronized long delete(String key) {
        return write(key, null);
    }

    private long write(String key, V value) {
        if (kafkaFails) {
            throw new WriteFailedException("no broker answered", new TimeoutException("timeout"),
                    "Kafka did not confirm the change in time; read it before repeating the change");
        }
        Written<V> record = new Written<>(key, nextOffset++, value);
        written.add(record);
        if (viewLags) {
            notShown.add(record);
        } else {
            view.apply(key, record.offset(), value);
        }
        return record.offset();
    }
}
