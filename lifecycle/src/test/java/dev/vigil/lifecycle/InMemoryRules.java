package dev.vigil.lifecycle;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.lifecycle.view.RuleEntry;
import dev.vigil.lifecycle.view.RuleViewReader;
import dev.vigil.topology.rules.RuleJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A rules view in a map, for fast API tests: records are validated with {@link RuleJson#fromRecord} as the real
 * view does, and each gets the next offset of an imaginary one-partition topic.
 */
public final class InMemoryRules implements RuleViewReader {

    private final Map<String, RuleEntry> entries = new ConcurrentSkipListMap<>();
    private volatile RuntimeException failure;

    /** Applies a record (null: a tombstone for {@code ruleId}) at {@code offset}, as the view processor would. */
    public void apply(String ruleId, long offset, RuleDefinition definition) {
        entries.put(ruleId, new RuleEntry(ruleId, offset, definition == null ? null : RuleJson.fromRecord(definition)));
    }

    /** From now on every read throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public Optional<RuleEntry> get(String ruleId) {
        throwIfFailing();
        return Optional.ofNullable(entries.get(ruleId));
    }

    @Override
    public List<RuleEntry> all() {
        throwIfFailing();
        return List.copyOf(entries.values());
    }

    private void throwIfFailing() {
        if (failure != null) {
            throw failure;
        }
    }
}
