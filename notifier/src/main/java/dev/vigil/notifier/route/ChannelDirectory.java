package dev.vigil.notifier.route;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.dispatch.GroupPolicy;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels in force: those of the notifier's configuration and those of {@code vigil.channels.v1}, kept as one
 * {@link ChannelTable} that the delivery loop reads once per alert. A record on the topic is validated with the same
 * {@link ChannelSpecs} as the lifecycle API, built behind the notifier's {@link HostPolicy}, and replaces a channel of
 * the same name; a tombstone removes it (a configured channel of that name comes back). A record that does not
 * validate is refused here (the caller logs and counts it) and the channel's previous version stays in force.
 */
public final class ChannelDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDirectory.class);

    private final ChannelSpecs specs;
    private final HostPolicy hosts;
    private final RetryPolicy retry;
    private final DeliveryRuntime runtime;
    private final Map<String, RoutedChannel> configured = new LinkedHashMap<>();
    private final Map<String, RoutedChannel> fromTopic = new TreeMap<>();
    private volatile ChannelTable table = ChannelTable.EMPTY;

    public ChannelDirectory(ChannelSpecs specs, HostPolicy hosts, RetryPolicy retry, DeliveryRuntime runtime,
                            Collection<RoutedChannel> configuredChannels) {
        this.specs = specs;
        this.hosts = hosts;
        this.retry = retry;
        this.runtime = runtime;
        configuredChannels.forEach(c -> configured.put(c.name(), c));
        rebuild();
    }

    public ChannelTable table() {
        return table;
    }

    /**
     * Applies a record of the channels topic (null: a tombstone). Called on the topic mirror's thread only.
     *
     * @throws dev.vigil.notifier.channel.ChannelSettingsException when the record does not validate
     */
    public synchronized void apply(String name, ChannelConfig config) {
        if (config == null) {
            if (fromTopic.remove(name) != null) {
                LOG.info("Channel {} deleted", name);
            }
            rebuild();
            return;
        }
        if (!config.getName().equals(name)) {
            throw new IllegalArgumentException("its key " + name + " is not its name " + config.getName());
        }
        ChannelSpec spec = specs.validate(config);
        Channel channel = specs.build(spec, hosts);
        ChannelDelivery delivery = new ChannelDelivery(spec.name(), channel, spec.severities(), retry, runtime);
        GroupPolicy policy = new GroupPolicy(orZero(spec.groupWait()), orZero(spec.groupInterval()), orZero(spec.repeatInterval()),
                ChannelSpecs.budget(config));
        fromTopic.put(name, new RoutedChannel(delivery, spec.enabled(), spec.matchers(), policy));
        LOG.info("Channel {} ({}, {}) applied: {}", name, spec.type(), spec.enabled() ? "enabled" : "disabled", channel.target());
        rebuild();
    }

    private void rebuild() {
        Map<String, RoutedChannel> all = new LinkedHashMap<>(configured);
        all.putAll(fromTopic);
        table = ChannelTable.of(all.values());
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
