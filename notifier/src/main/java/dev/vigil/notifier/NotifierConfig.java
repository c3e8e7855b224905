package dev.vigil.notifier;

import dev.vigil.core.config.Durations;

import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.notifier.channel.console.ConsoleChannel;
import dev.vigil.notifier.channel.webhook.WebhookChannel;
import dev.vigil.notifier.channel.webhook.WebhookConfig;
import dev.vigil.notifier.delivery.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The notifier's configuration: the shared keys of {@link CommonConfig} plus {@code vigil.notifier.*}. Parsed and
 * cross-checked once, here, so a mistake fails at start with a message that names the key. The webhook URL is a
 * {@link Type#PASSWORD}: it often carries a token, so Kafka's config logging prints it as {@code [hidden]}.
 */
public final class NotifierConfig extends AbstractConfig {

    public static final int DEFAULT_OPS_PORT = 9402;

    public static final String GROUP_ID = "vigil.notifier.group-id";
    public static final String CHANNELS = "vigil.notifier.channels";
    public static final String CONSOLE_MIN_SEVERITY = "vigil.notifier.console.min-severity";
    public static final String WEBHOOK_URL = "vigil.notifier.webhook.url";
    public static final String WEBHOOK_MIN_SEVERITY = "vigil.notifier.webhook.min-severity";
    public static final String WEBHOOK_TIMEOUT = "vigil.notifier.webhook.timeout";
    public static final String RETRY_MAX_ATTEMPTS = "vigil.notifier.retry.max-attempts";
    public static final String RETRY_INITIAL_BACKOFF = "vigil.notifier.retry.initial-backoff";
    public static final String RETRY_MAX_BACKOFF = "vigil.notifier.retry.max-backoff";
    public static final String WEBHOOK_SECRET = "vigil.notifier.webhook.secret";
    public static final String ALLOWED_HOSTS = "vigil.notifier.allowed-hosts";

    private static final List<String> KNOWN_CHANNELS = List.of(ConsoleChannel.TYPE, WebhookChannel.TYPE);
    private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};

    public NotifierConfig(Map<String, ?> originals) {
        super(definition(), originals);
        if (channels().contains(WebhookChannel.TYPE) && getPassword(WEBHOOK_URL) == null) {
            throw new ConfigException(WEBHOOK_URL + " is required when " + CHANNELS + " lists " + WebhookChannel.TYPE);
        }
        if (duration(RETRY_MAX_BACKOFF).compareTo(duration(RETRY_INITIAL_BACKOFF)) < 0) {
            throw new ConfigException(RETRY_MAX_BACKOFF + " must not be shorter than " + RETRY_INITIAL_BACKOFF);
        }
    }

    public static ConfigDef definition() {
        return CommonConfig.define(new ConfigDef(), DEFAULT_OPS_PORT)
                .define(GROUP_ID, Type.STRING, "vigil-notifier", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Kafka consumer group of the notifier. Instances with the same group share the alert partitions; "
                                + "committed offsets in this group are the notifier's record of what has been delivered.")
                .define(CHANNELS, Type.LIST, ConsoleChannel.TYPE, new ChannelList(), Importance.HIGH,
                        "Channels every alert is delivered to, comma-separated: " + String.join(", ", KNOWN_CHANNELS) + ".")
                .define(CONSOLE_MIN_SEVERITY, Type.STRING, "low", ConfigDef.CaseInsensitiveValidString.in(SEVERITIES), Importance.LOW,
                        "Lowest alert severity the console channel prints (low, medium, high, critical).")
                .define(WEBHOOK_URL, Type.PASSWORD, null, new WebhookUrl(), Importance.HIGH,
                        "http(s) URL the webhook channel POSTs each alert to as JSON. Required when the channels list webhook. "
                                + "Treated as a secret (it may hold a token): logs show only scheme://host/path.")
                .define(WEBHOOK_MIN_SEVERITY, Type.STRING, "medium", ConfigDef.CaseInsensitiveValidString.in(SEVERITIES), Importance.MEDIUM,
                        "Lowest alert severity the webhook channel delivers (low, medium, high, critical).")
                .define(WEBHOOK_TIMEOUT, Type.STRING, "5s", Durations.between(Duration.ofMillis(10), Duration.ofMinutes(5)),
                        Importance.LOW, "Connect timeout and whole-request timeout of one webhook attempt (e.g. 500ms, 5s).")
                .define(WEBHOOK_SECRET, Type.PASSWORD, null, new WebhookSecret(), Importance.MEDIUM,
                        "Standard Webhooks signing secret of the configured webhook channel (whsec_ + base64 of 24-64 bytes); "
                                + "when set every request carries webhook-id, webhook-timestamp and webhook-signature.")
                .define(ALLOWED_HOSTS, Type.LIST, "", new HostList(), Importance.MEDIUM,
                        "Hosts or host:port pairs channels may reach although they resolve to a loopback, private or link-local "
                                + "address (an internal SMTP relay, a local test receiver). Every other such address is refused (SSRF guard).")
                .define(RETRY_MAX_ATTEMPTS, Type.INT, 3, ConfigDef.Range.between(1, 20), Importance.LOW,
                        "Attempts per delivery, the first included, before it is recorded as failed. Retried: timeouts, "
                                + "connection errors, HTTP 429 and 5xx; any other 4xx fails at once.")
                .define(RETRY_INITIAL_BACKOFF, Type.STRING, "1s", Durations.between(Duration.ZERO, Duration.ofMinutes(10)),
                        Importance.LOW, "Pause after the first failed attempt; it doubles after each further one, with jitter.")
                .define(RETRY_MAX_BACKOFF, Type.STRING, "30s", Durations.between(Duration.ZERO, Duration.ofHours(1)),
                        Importance.LOW, "Longest pause between attempts; also caps a receiver's Retry-After.");
    }

    public Topics topics() {
        return Topics.from(this);
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    /** The configured channel names, in order, lower case. */
    public List<String> channels() {
        return getList(CHANNELS).stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
    }

    public Severity consoleMinSeverity() {
        return severity(CONSOLE_MIN_SEVERITY);
    }

    public Severity webhookMinSeverity() {
        return severity(WEBHOOK_MIN_SEVERITY);
    }

    /** The webhook settings; only valid when the channels list webhook. */
    public WebhookConfig webhook() {
        Password url = getPassword(WEBHOOK_URL);
        if (url == null) {
            throw new ConfigException(WEBHOOK_URL + " is not set");
        }
        Password secret = getPassword(WEBHOOK_SECRET);
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("url", url.value().trim());
        settings.put("timeout", getString(WEBHOOK_TIMEOUT));
        if (secret != null) {
            settings.put("secret", secret.value().trim());
        }
        try {
            return WebhookConfig.from(settings);
        } catch (dev.vigil.notifier.channel.ChannelSettingsException e) {
            String key = e.field().equals("settings.secret") ? WEBHOOK_SECRET : e.field().equals("settings.url") ? WEBHOOK_URL : WEBHOOK_TIMEOUT;
            throw new ConfigException(key + ": " + e.reason());
        }
    }

    /** The SSRF guard of every channel, with the configured allow-list. */
    public dev.vigil.notifier.channel.HostPolicy hostPolicy() {
        return new dev.vigil.notifier.channel.HostPolicy(java.util.Set.copyOf(getList(ALLOWED_HOSTS)));
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(RETRY_MAX_ATTEMPTS), duration(RETRY_INITIAL_BACKOFF), duration(RETRY_MAX_BACKOFF));
    }

    private Duration duration(String key) {
        return Durations.parse(getString(key));
    }

    private Severity severity(String key) {
        return Severity.valueOf(getString(key).trim().toLowerCase(Locale.ROOT));
    }

    /** Non-empty, only known channel names, none twice. */
    private static final class ChannelList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> names = (List<?>) value;
            if (names == null || names.isEmpty()) {
                throw new ConfigException(name, value, "at least one channel is required (" + String.join(", ", KNOWN_CHANNELS) + ")");
            }
            Set<String> seen = new HashSet<>();
            for (Object raw : names) {
                String channel = raw.toString().trim().toLowerCase(Locale.ROOT);
                if (!KNOWN_CHANNELS.contains(channel)) {
                    throw new ConfigException(name, value, "unknown channel '" + raw + "'; known: " + String.join(", ", KNOWN_CHANNELS));
                }
                if (!seen.add(channel)) {
                    throw new ConfigException(name, value, "channel '" + channel + "' is listed twice");
                }
            }
        }

        @Override
        public String toString() {
            return "a non-empty list of " + KNOWN_CHANNELS;
        }
    }

    /** An absolute http(s) URL with a host, or unset. Errors never echo the URL: it is a secret. */
    private static final class WebhookUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String text = ((Password) value).value().trim();
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new ConfigException(name, value, "must be an absolute http:// or https:// URL with a host");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "is not a valid URL (" + e.getReason() + ")");
            }
        }

        @Override
        public String toString() {
            return "an http(s) URL";
        }
    }

    /** A Standard Webhooks secret, checked without ever echoing it. */
    private static final class WebhookSecret implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                WebhookConfig.from(Map.of("url", "https://receiver.example/hook", "secret", ((Password) value).value().trim()));
            } catch (dev.vigil.notifier.channel.ChannelSettingsException e) {
                throw new ConfigException(name + ": " + e.reason());
            }
        }

        @Override
        public String toString() {
            return "whsec_ followed by base64 of 24 to 64 bytes";
        }
    }

    /** Host names, addresses or host:port pairs. */
    private static final class HostList implements ConfigDef.Validator {
        private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");

        @Override
        public void ensureValid(String name, Object value) {
            for (Object entry : (List<?>) value) {
                String host = String.valueOf(entry).trim();
                if (host.isEmpty() || !HOST.matcher(host).matches()) {
                    throw new ConfigException(name, entry, "write hosts or host:port pairs, e.g. smtp.internal,localhost:8025");
                }
            }
        }

        @Override
        public String toString() {
            return "host or host:port, comma-separated";
        }
    }
}
