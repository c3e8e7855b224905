package dev.vigil.notifier.route;

import dev.vigil.avro.Alert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The channels in force, immutable, by name: those of the notifier's own configuration and those of
 * {@code vigil.channels.v1} (a record there replaces a configured channel of the same name). A change builds a new
 * table; an alert is routed by one table.
 *
 * <p><b>Routing.</b> An alert that names channels (a custom rule's {@code channels}) goes to exactly those, whatever
 * their matchers; a name with no channel behind it is reported so it can be recorded as a failed delivery. Any other
 * alert goes to every enabled channel whose matchers match it. Either way each channel still applies its severity
 * filter (a {@code filtered} ledger record), because that is the channel owner's promise to its receivers
 * (PagerDuty pages only for critical). A disabled channel receives nothing.
 */
public final class ChannelTable {

    public static final ChannelTable EMPTY = new ChannelTable(new TreeMap<>());

    private final TreeMap<String, RoutedChannel> byName;

    private ChannelTable(TreeMap<String, RoutedChannel> byName) {
        this.byName = byName;
    }

    public static ChannelTable of(Collection<RoutedChannel> channels) {
        TreeMap<String, RoutedChannel> m = new TreeMap<>();
        channels.forEach(c -> m.put(c.name(), c));
        return new ChannelTable(m);
    }

    public ChannelTable with(RoutedChannel channel) {
        TreeMap<String, RoutedChannel> m = new TreeMap<>(byName);
        m.put(channel.name(), channel);
        return new ChannelTable(m);
    }

    public ChannelTable without(String name) {
        if (!byName.containsKey(name)) {
            return this;
        }
        TreeMap<String, RoutedChannel> m = new TreeMap<>(byName);
        m.remove(name);
        return new ChannelTable(m);
    }

    public Optional<RoutedChannel> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every channel, in name order. */
    public Collection<RoutedChannel> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** Where an alert goes: the channels in name order (or the alert's own order), and the names that do not exist. */
    public record Targets(List<RoutedChannel> channels, List<String> missing) {
    }

    public Targets route(Alert alert) {
        List<RoutedChannel> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!alert.getChannels().isEmpty()) {
            for (String name : alert.getChannels()) {
                RoutedChannel c = byName.get(name);
                if (c == null) {
                    missing.add(name);
                } else if (c.enabled() && !out.contains(c)) {
                    out.add(c);
                }
            }
            return new Targets(out, missing);
        }
        for (RoutedChannel c : byName.values()) {
            if (c.enabled() && c.matches(alert)) {
                out.add(c);
            }
        }
        return new Targets(out, missing);
    }

    /** The names, for logs. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public String toString() {
        return "ChannelTable" + byName.keySet();
    }

    /** For tests: the table of these deliveries, every one enabled and unmatched. */
    public static ChannelTable ofDeliveries(Collection<dev.vigil.notifier.delivery.ChannelDelivery> deliveries) {
        return of(deliveries.stream().map(d -> new RoutedChannel(d, true, Map.of())).toList());
    }
}
