package dev.vigil.lifecycle.view;

import java.util.List;
import java.util.Optional;

/**
 * Read access to a view of a compacted topic that every instance holds whole (a global store): the channels of
 * {@code vigil.channels.v1}, the silences of {@code vigil.silences.v1}. Both methods throw
 * {@link ViewUnavailableException} when the view cannot answer.
 */
public interface KeyedViewReader<T> {

    /** The entry of one key, a deleted one included; empty when the view has never seen the key. */
    Optional<ViewEntry<T>> get(String key);

    /** Every entry, deleted ones included, in key order. */
    List<ViewEntry<T>> all();
}
