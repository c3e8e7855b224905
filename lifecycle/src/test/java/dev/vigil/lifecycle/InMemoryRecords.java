package dev.vigil.lifecycle;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Silence;
import dev.vigil.lifecycle.view.KeyedViewReader;
import dev.vigil.lifecycle.view.ViewEntry;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.silence.SilenceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The view of a compacted topic (channels, silences, agents, agent statuses) in a map, for fast API tests: records are typed with the shared
 * model as the real view does, and each gets the offset it is given.
 */
public final class InMemoryRecords<V, T> implements KeyedViewReader<T> {

    private final Map<String, ViewEntry<T>> entries = new ConcurrentSkipListMap<>();
    private final Function<V, T> typed;
    private volatile RuntimeException failure;

    public InMemoryRecords(Function<V, T> typed) {
        this.typed = typed;
    }

    public static InMemoryRecords<ChannelConfig, ChannelSpec> channels(ChannelSpecs specs) {
        return new InMemoryRecords<>(specs::validate);
    }

    public static InMemoryRecords<AgentProfile, AgentProfile> agents() {
        return new InMemoryRecords<>(Function.identity());
    }

    public static InMemoryRecords<AgentStatus, AgentStatus> statuses() {
        return new InMemoryRecords<>(Function.identity());
    }

    public static InMemoryRecords<Silence, SilenceSpec> silences() {
        return new InMemoryRecords<>(SilenceSpec::fromRecord);
    }

    /** Applies a record (null: a tombstone for {@code key}) at {@code offset}, as the view processor would. */
    public void apply(String key, long offset, V value) {
        entries.put(key, new ViewEntry<>(key, offset, value == null ? null : typed.apply(value)));
    }

    /** From now on every read throws {@code failure}. */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public Optional<ViewEntry<T>> get(String key) {
        throwIfFailing();
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public List<ViewEntry<T>> all() {
        throwIfFailing();
        return List.copyOf(entries.values());
    }

    private void throwIfFailing() {
        if (failure != null) {
            throw failure;
        }
    }
}
