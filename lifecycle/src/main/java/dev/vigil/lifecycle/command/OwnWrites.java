package dev.vigil.lifecycle.command;

import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes over the view of a compacted topic, as {@link RuleCommands} does for rules: a write is
 * acknowledged once Kafka has it, but the view (a global store) shows it a moment later, so each acknowledged write
 * of this instance is kept with its offset and answers reads until the view has applied that offset or a later one;
 * then the view answers again and the write is forgotten. The offset decides, not a version or a time: a deleted and
 * re-created key must not look older than the view's stale copy. At most one entry per key this instance changed.
 */
final class OwnWrites<T> {

    private final KeyedViewReader<T> view;
    private final Map<String, ViewEntry<T>> own = new ConcurrentHashMap<>();

    OwnWrites(KeyedViewReader<T> view) {
        this.view = view;
    }

    /** The value of {@code key}; empty when it has none or was deleted. */
    Optional<T> get(String key) {
        Optional<ViewEntry<T>> shown = view.get(key);
        ViewEntry<T> mine = own.get(key);
        if (mine == null) {
            return shown.map(ViewEntry::value);
        }
        if (shown.isPresent() && shown.get().offset() >= mine.offset()) {
            own.remove(key, mine);
            return shown.map(ViewEntry::value);
        }
        return Optional.ofNullable(mine.value());
    }

    /** Every value, in key order. */
    List<T> all() {
        Map<String, ViewEntry<T>> entries = new TreeMap<>();
        view.all().forEach(entry -> entries.put(entry.key(), entry));
        own.forEach((key, mine) -> {
            ViewEntry<T> shown = entries.get(key);
            if (shown != null && shown.offset() >= mine.offset()) {
                own.remove(key, mine);
            } else {
                entries.put(key, mine);
            }
        });
        return entries.values().stream().map(ViewEntry::value).filter(Objects::nonNull).toList();
    }

    /** Remembers an acknowledged write ({@code value} null: a tombstone) until the view shows {@code offset}. */
    void wrote(String key, long offset, T value) {
        own.put(key, new ViewEntry<>(key, offset, value));
    }
}
