package dev.vigil.notifier.channel;

import dev.vigil.avro.ChannelConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of channel as the configuration knows it: the {@code type} of a {@link ChannelConfig}, how its
 * {@code settings} are checked, which of them are secrets, and how a channel is built from a config. The API checks a
 * config with it before writing it to {@code vigil.channels.v1}; the notifier builds the channel from the same record,
 * so a config the API accepted is one the notifier can run.
 *
 * @param name       the {@code type} value, e.g. {@code webhook}
 * @param check      throws {@link ChannelSettingsException} naming {@code settings.<key>} when the settings cannot work
 * @param secretKeys the settings whose values are secrets: redacted in every answer, never logged
 * @param factory    builds the channel from a config whose settings passed {@code check}
 */
public record ChannelType(String name, SettingsCheck check, Set<String> secretKeys, Factory factory) {

    /** Checks a channel's settings; throws {@link ChannelSettingsException} naming the setting. */
    @FunctionalInterface
    public interface SettingsCheck {
        void check(Map<String, String> settings);
    }

    /** Builds a channel from its validated config, behind the deployment's SSRF guard. */
    @FunctionalInterface
    public interface Factory {
        Channel create(ChannelConfig config, HostPolicy hosts);
    }

    public ChannelType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        secretKeys = Set.copyOf(secretKeys);
        Objects.requireNonNull(factory, "factory");
    }

    /**
     * A type whose settings parse into a config record ({@code WebhookConfig::from}) that its channel's constructor
     * takes with the host policy ({@code WebhookChannel::new}): one registration line per type,
     * {@code ChannelType.of("webhook", WebhookConfig::from, WebhookChannel::new, "url", "secret")}.
     */
    public static <C> ChannelType of(String name, Function<Map<String, String>, C> parse,
                                     BiFunction<C, HostPolicy, Channel> build, String... secretKeys) {
        return new ChannelType(name, parse::apply, Set.of(secretKeys),
                (config, hosts) -> build.apply(parse.apply(config.getSettings()), hosts));
    }
}
