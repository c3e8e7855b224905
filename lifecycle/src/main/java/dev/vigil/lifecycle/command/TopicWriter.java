package dev.vigil.lifecycle.command;

/**
 * Where the records of a compacted topic the API owns go (channels by name, silences by silenceId): the topic in
 * production, a list in tests. Both methods return once the record is durably written, with its offset, and throw
 * {@link WriteFailedException} when that cannot be confirmed.
 */
public interface TopicWriter<V> {

    /** Publishes {@code value} under {@code key}; returns the record's offset. */
    long put(String key, V value);

    /** Publishes a tombstone for {@code key}; returns its offset. */
    long delete(String key);
}
