package dev.vigil.notifier.redrive;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.console.ConsoleChannel;
import dev.vigil.notifier.channel.webhook.WebhookChannel;
import dev.vigil.notifier.consume.TopicMirror;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.route.ChannelDirectory;
import dev.vigil.notifier.route.RoutedChannel;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The notifier's channels, built one way for the running app and for {@code vigil notifier redrive}: the channels the
 * configuration lists, and those of {@code vigil.channels.v1} applied over them by a {@link ChannelDirectory} that a
 * {@link TopicMirror} feeds. Shared so that a re-sent notification goes through the very channel — settings, host
 * policy, retry policy, severity filter — that the first attempt went through.
 */
public final class NotifierChannels {

    private NotifierChannels() {
    }

    /** The deliveries of the channels {@code vigil.notifier.channels} lists, in its order. */
    public static List<ChannelDelivery> configured(NotifierConfig config, PrintStream console, DeliveryRuntime runtime) {
        return config.channels().stream()
                .map(name -> new ChannelDelivery(name, channel(config, name, console), minSeverity(config, name),
                        config.retryPolicy(), runtime))
                .toList();
    }

    /** A directory holding the configured channels, to which the channels topic's records are then applied. */
    public static ChannelDirectory directory(NotifierConfig config, List<ChannelDelivery> configured, DeliveryRuntime runtime) {
        return new ChannelDirectory(ChannelSpecs.STANDARD, config.hostPolicy(), config.retryPolicy(), runtime,
                configured.stream().map(d -> new RoutedChannel(d, true, Map.of())).toList());
    }

    /**
     * A mirror (not started) of the channels topic into {@code directory}; {@code onBad} gets each record that cannot
     * be decoded or applied, with the problem.
     */
    public static TopicMirror<ChannelConfig> channelMirror(NotifierConfig config, ChannelDirectory directory, String clientId,
                                                           BiConsumer<ConsumerRecord<String, byte[]>, String> onBad) {
        return new TopicMirror<>(config.topics().channels(), () -> groupless(config, clientId),
                CommonConfig.serdes(config).valueSerde(ChannelConfig.class).deserializer(), directory::apply, onBad);
    }

    /**
     * A consumer without a group (it commits nothing, every reader sees the whole topic) that reads committed records
     * only: the {@code kafka.*} settings first, then what a reader of whole topics depends on.
     */
    public static Consumer<String, byte[]> groupless(NotifierConfig config, String clientId) {
        return groupless(config, clientId, Map.of());
    }

    /** As {@link #groupless(NotifierConfig, String)}, with further settings that win over all others. */
    static Consumer<String, byte[]> groupless(NotifierConfig config, String clientId, Map<String, Object> fixed) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.putAll(CommonConfig.kafkaProperties(config));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(fixed);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Channel channel(NotifierConfig config, String name, PrintStream console) {
        return switch (name) {
            case ConsoleChannel.TYPE -> new ConsoleChannel(console);
            case WebhookChannel.TYPE -> new WebhookChannel(config.webhook(), config.hostPolicy());
            default -> throw new IllegalStateException("unknown channel " + name);
        };
    }

    private static Severity minSeverity(NotifierConfig config, String name) {
        return WebhookChannel.TYPE.equals(name) ? config.webhookMinSeverity() : config.consoleMinSeverity();
    }
}
