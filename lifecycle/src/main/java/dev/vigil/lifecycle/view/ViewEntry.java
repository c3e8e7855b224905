package dev.vigil.lifecycle.view;

import java.util.Objects;

/**
 * One key of a view of a compacted topic (channels, silences) as the view holds it.
 *
 * @param offset the offset of the record that made it so
 * @param value  the validated value, or null when a tombstone deleted it
 */
public record ViewEntry<T>(String key, long offset, T value) {

    public ViewEntry {
        Objects.requireNonNull(key, "key");
    }

    public boolean deleted() {
        return value == null;
    }
}
