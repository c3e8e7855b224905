package dev.vigil.notifier.channel;

import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Durations;
import dev.vigil.notifier.DurationText;
import dev.vigil.notifier.channel.console.ConsoleChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a {@link ChannelConfig} of {@code vigil.channels.v1} must be, in one place for the lifecycle API (which refuses
 * a config that cannot work before it reaches the topic) and the notifier (which builds channels from the topic):
 * the common fields, and per type a registered {@link ChannelType} that checks the settings, names the secret ones
 * and builds the channel.
 *
 * <p>Secrets: {@link #redacted} replaces every secret setting's value by {@value #REDACTED} for API answers, and
 * {@link #keepingSecrets} puts the stored value back where a client sends that mark, so a client can send back what it
 * read. Every {@link ChannelSettingsException} leaving {@link #validate} is scrubbed of the config's secret values, in
 * case a type's check quoted one.
 */
public final class ChannelSpecs {

    public static final String TENANT_ID = "tenantId";
    public static final String AGENT_ID = "agentId";
    public static final String RULE_ID = "ruleId";
    public static final String CATEGORY = "category";
    /** The alert fields a channel may match on, in the order messages list them. */
    public static final List<String> MATCHER_KEYS = List.of(TENANT_ID, AGENT_ID, RULE_ID, CATEGORY);

    /** The alert's value of a matcher key ({@link #MATCHER_KEYS}): what a channel's matcher compares with. */
    public static String matched(dev.vigil.avro.Alert alert, String key) {
        return switch (key) {
            case TENANT_ID -> alert.getTenantId();
            case AGENT_ID -> alert.getAgentId();
            case RULE_ID -> alert.getRuleId();
            case CATEGORY -> alert.getCategory();
            default -> throw new IllegalStateException("not a channel matcher: " + key);
        };
    }

    /** What a secret setting's value reads as in an answer of the API. */
    public static final String REDACTED = "***";

    /** Channel names: the key of the compacted topic and a path segment of the API. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static final Bounds GROUP_WAIT = new Bounds("groupWait", Duration.ZERO, Duration.ofHours(1));
    static final Bounds GROUP_INTERVAL = new Bounds("groupInterval", Duration.ofSeconds(1), Duration.ofHours(24));
    static final Bounds REPEAT_INTERVAL = new Bounds("repeatInterval", Duration.ofMinutes(1), Duration.ofDays(30));

    /**
     * Every channel type Vigil knows, by name. Registering a type is one line here, e.g.
     * {@code ChannelType.of(WebhookChannel.TYPE, WebhookConfig::from, WebhookChannel::new, "url", "secret")}.
     */
    public static final ChannelSpecs STANDARD = new ChannelSpecs(List.of(
            ChannelType.of(ConsoleChannel.TYPE, ChannelSpecs::noSettings, (none, hosts) -> new ConsoleChannel(System.out)),
            ChannelType.of(dev.vigil.notifier.channel.webhook.WebhookChannel.TYPE,
                    dev.vigil.notifier.channel.webhook.WebhookConfig::from, dev.vigil.notifier.channel.webhook.WebhookChannel::new,
                    "url", "secret"),
            ChannelType.of(dev.vigil.notifier.channel.slack.SlackChannel.TYPE, dev.vigil.notifier.channel.slack.SlackConfig::from,
                    dev.vigil.notifier.channel.slack.SlackChannel::new, "webhookUrl"),
            ChannelType.of(dev.vigil.notifier.channel.pagerduty.PagerDutyChannel.TYPE,
                    dev.vigil.notifier.channel.pagerduty.PagerDutyConfig::from,
                    dev.vigil.notifier.channel.pagerduty.PagerDutyChannel::new, "routingKey"),
            ChannelType.of(dev.vigil.notifier.channel.datadog.DatadogChannel.TYPE,
                    dev.vigil.notifier.channel.datadog.DatadogConfig::from, dev.vigil.notifier.channel.datadog.DatadogChannel::new,
                    "apiKey"),
            ChannelType.of(dev.vigil.notifier.channel.email.EmailChannel.TYPE, dev.vigil.notifier.channel.email.EmailConfig::from,
                    dev.vigil.notifier.channel.email.EmailChannel::new, "password")));

    /**
     * The rate budget of a channel without its own: PagerDuty's Events API accepts 120 events a minute per routing key,
     * a Slack incoming webhook about one message a second; the others have no budget unless configured.
     */
    public static dev.vigil.notifier.dispatch.RateBudget defaultBudget(String type) {
        return switch (type) {
            case "pagerduty" -> new dev.vigil.notifier.dispatch.RateBudget(120, Duration.ofMinutes(1));
            case "slack" -> new dev.vigil.notifier.dispatch.RateBudget(60, Duration.ofMinutes(1));
            default -> null;
        };
    }

    /** The channel's rate budget: its own {@code rateBudget}, else its type's default (possibly none). */
    public static dev.vigil.notifier.dispatch.RateBudget budget(ChannelConfig config) {
        if (config.getRateBudget() == null) {
            return defaultBudget(config.getType());
        }
        try {
            return dev.vigil.notifier.dispatch.RateBudget.parse(config.getRateBudget());
        } catch (IllegalArgumentException e) {
            throw new ChannelSettingsException("rateBudget", e.getMessage());
        }
    }

    private final Map<String, ChannelType> types;

    public ChannelSpecs(List<ChannelType> types) {
        Map<String, ChannelType> byName = new TreeMap<>();
        for (ChannelType type : types) {
            if (byName.put(type.name(), type) != null) {
                throw new IllegalArgumentException("channel type " + type.name() + " is registered twice");
            }
        }
        this.types = byName;
    }

    /** These types and {@code type} (for tests, and for a deployment's own type). */
    public ChannelSpecs with(ChannelType type) {
        List<ChannelType> all = new ArrayList<>(types.values());
        all.add(type);
        return new ChannelSpecs(all);
    }

    /** The registered type names, sorted. */
    public List<String> typeNames() {
        return List.copyOf(types.keySet());
    }

    public Optional<ChannelType> type(String name) {
        return Optional.ofNullable(name == null ? null : types.get(name));
    }

    /**
     * The typed form of {@code config}, or a {@link ChannelSettingsException} naming the first field that cannot
     * work: {@code name}, {@code type}, {@code severities}, {@code matchers.<key>}, {@code groupWait},
     * {@code groupInterval}, {@code repeatInterval} or {@code settings.<key>}.
     */
    public ChannelSpec validate(ChannelConfig config) {
        checkName(config.getName());
        ChannelType type = knownType(config.getType());
        Set<Severity> severities = severities(config.getSeverities());
        checkMatchers(config.getMatchers());
        Duration groupWait = GROUP_WAIT.parse(config.getGroupWait());
        Duration groupInterval = GROUP_INTERVAL.parse(config.getGroupInterval());
        Duration repeatInterval = REPEAT_INTERVAL.parse(config.getRepeatInterval());
        budget(config);
        checkSettings(type, config.getSettings());
        return new ChannelSpec(config.getName(), type.name(), config.getEnabled(), severities, config.getMatchers(),
                groupWait, groupInterval, repeatInterval, config);
    }

    /** The channel of a validated config, behind {@code hosts}. */
    public Channel build(ChannelSpec spec, HostPolicy hosts) {
        return knownType(spec.type()).factory().create(spec.config(), hosts);
    }

    /**
     * {@code config} with every secret setting's value replaced by {@value #REDACTED}; every setting's, when the type
     * is not registered (nothing is known of it, so nothing is shown).
     */
    public ChannelConfig redacted(ChannelConfig config) {
        Optional<ChannelType> type = type(config.getType());
        Map<String, String> settings = new TreeMap<>(config.getSettings());
        settings.replaceAll((key, value) -> type.isEmpty() || type.get().secretKeys().contains(key) ? REDACTED : value);
        return ChannelConfig.newBuilder(config).setSettings(settings).build();
    }

    /**
     * {@code submitted} with each secret setting given as {@value #REDACTED} replaced by its value in {@code stored}:
     * what a client read can be sent back without the client ever holding the secret. A mark without a stored value
     * to keep (another type, a setting the channel did not have) is a {@link ChannelSettingsException}.
     */
    public ChannelConfig keepingSecrets(ChannelConfig submitted, ChannelConfig stored) {
        Optional<ChannelType> type = type(submitted.getType());
        if (type.isEmpty()) {
            return submitted;
        }
        Map<String, String> settings = new TreeMap<>(submitted.getSettings());
        for (String key : type.get().secretKeys()) {
            if (REDACTED.equals(settings.get(key))) {
                String kept = submitted.getType().equals(stored.getType()) ? stored.getSettings().get(key) : null;
                if (kept == null) {
                    throw new ChannelSettingsException("settings." + key, "is \"" + REDACTED + "\", which keeps the "
                            + "stored secret, but the channel has no stored " + key + " of type " + submitted.getType()
                            + "; give the secret's value");
                }
                settings.put(key, kept);
            }
        }
        return ChannelConfig.newBuilder(submitted).setSettings(settings).build();
    }

    /**
     * {@code text} (a delivery's reason, an exception's message) without the config's secret values or the channel's
     * own secrets, longest first so a URL is masked whole before its parts, and without any URL's query or
     * credentials ({@link SafeUrl#redactUrlsIn}). {@code channel} may be null when none could be built.
     */
    public String mask(String text, ChannelConfig config, Channel channel) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>(secretValues(config));
        if (channel != null) {
            secrets.addAll(channel.secrets());
        }
        return SafeUrl.redactUrlsIn(replaceAll(text, secrets));
    }

    /** The non-empty values of the config's secret settings; of every setting when the type is not registered. */
    List<String> secretValues(ChannelConfig config) {
        Optional<ChannelType> type = type(config.getType());
        return config.getSettings().entrySet().stream()
                .filter(e -> type.isEmpty() || type.get().secretKeys().contains(e.getKey()))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isEmpty())
                .toList();
    }

    private static String replaceAll(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets.stream().filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            masked = masked.replace(secret, REDACTED);
        }
        return masked;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ChannelSettingsException("name", "must be 1 to 64 of the characters A-Z a-z 0-9 _ . -");
        }
    }

    private ChannelType knownType(String name) {
        return type(name).orElseThrow(() -> new ChannelSettingsException("type",
                (name == null || name.isBlank() ? "is required" : "unknown type \"" + shorten(name) + "\"")
                        + "; known: " + String.join(", ", types.keySet())));
    }

    private static Set<Severity> severities(List<Severity> listed) {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (Severity severity : listed) {
            if (!severities.add(severity)) {
                throw new ChannelSettingsException("severities", "lists " + severity + " twice");
            }
        }
        return severities;
    }

    private static void checkMatchers(Map<String, String> matchers) {
        for (Map.Entry<String, String> m : new TreeMap<>(matchers).entrySet()) {
            if (!MATCHER_KEYS.contains(m.getKey())) {
                throw new ChannelSettingsException("matchers." + shorten(m.getKey()), "is not a field a channel "
                        + "matches on; allowed: " + String.join(", ", MATCHER_KEYS));
            }
            if (m.getValue() == null || m.getValue().isBlank()) {
                throw new ChannelSettingsException("matchers." + m.getKey(), "must not be blank");
            }
        }
    }

    /** Runs the type's check; whatever it throws leaves as a settings error without the config's secrets. */
    private void checkSettings(ChannelType type, Map<String, String> settings) {
        for (String key : new TreeMap<>(settings).keySet()) {
            if (type.secretKeys().contains(key) && REDACTED.equals(settings.get(key))) {
                throw new ChannelSettingsException("settings." + key, "is \"" + REDACTED + "\", the mark of a "
                        + "redacted secret; give the secret's value");
            }
        }
        List<String> secrets = settings.entrySet().stream().filter(e -> type.secretKeys().contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        try {
            type.check().check(settings);
        } catch (ChannelSettingsException e) {
            throw new ChannelSettingsException(replaceAll(e.field(), secrets), replaceAll(e.reason(), secrets));
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ChannelSettingsException("settings", replaceAll(reason, secrets));
        }
    }

    /** The console channel prints to the service's standard output and takes no settings. */
    private static Map<String, String> noSettings(Map<String, String> settings) {
        if (!settings.isEmpty()) {
            throw new ChannelSettingsException("settings." + new TreeMap<>(settings).firstKey(),
                    "the console channel takes no settings");
        }
        return settings;
    }

    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** A duration field with its allowed range; null stays null (the notifier's default). */
    record Bounds(String field, Duration min, Duration max) {

        Duration parse(String text) {
            if (text == null) {
                return null;
            }
            Duration value;
            try {
                value = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ChannelSettingsException(field, e.getMessage());
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new ChannelSettingsException(field, "must be from " + DurationText.of(min) + " to " + DurationText.of(max)
                        + " (got " + shorten(text) + ")");
            }
            return value;
        }
    }
}
