package dev.vigil.notifier.channel.webhook;

import dev.vigil.core.config.Durations;
import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.SafeUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook channel's own settings: {@code url} (required), {@code secret} (optional: {@code whsec_} + base64 of a
 * 24–64 byte key; when set every request is signed per Standard Webhooks) and {@code timeout} (default 10s).
 * {@code url} may carry a token in its query and {@code secret} is a key, so both are secrets: {@link #toString()}
 * shows only {@code scheme://host/path} and whether there is a secret.
 */
public record WebhookConfig(URI url, Duration timeout, String secret) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String URL = "url";
    public static final String SECRET = "secret";
    public static final String TIMEOUT = "timeout";

    private static final Set<String> KEYS = Set.of(URL, SECRET, TIMEOUT);

    /** {@code secret} may be null (requests go unsigned); an invalid value fails without repeating it. */
    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (!isHttpWithHost(url)) {
            throw new IllegalArgumentException("webhook URL must be an absolute http or https URL with a host");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive");
        }
        if (secret != null) {
            WebhookSigner.of(secret);
        }
    }

    /** An unsigned webhook, as configured by {@code vigil.notifier.webhook.*}. */
    public WebhookConfig(URI url, Duration timeout) {
        this(url, timeout, null);
    }

    /**
     * The config of a channel on {@code vigil.channels.v1} from its {@code settings}; a
     * {@link ChannelSettingsException} naming the first bad key ({@code settings.url}, …) and never its value, since
     * the URL and the secret are both secrets. An unknown key is an error too: a misspelt {@code secret} must not
     * quietly turn signing off.
     */
    public static WebhookConfig from(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        for (String key : new TreeSet<>(s.keySet())) {
            if (!KEYS.contains(key)) {
                throw new ChannelSettingsException("settings." + key, "unknown webhook setting; known: url, secret, timeout");
            }
        }
        return new WebhookConfig(url(s.get(URL)), timeout(s.get(TIMEOUT)), secret(s.get(SECRET)));
    }

    /** The URL as it may be logged, and whether requests are signed; never the token or the secret. */
    @Override
    public String toString() {
        return "WebhookConfig[url=" + SafeUrl.of(url) + ", timeout=" + timeout + ", signed=" + (secret != null) + "]";
    }

    private static URI url(String value) {
        if (value == null || value.isBlank()) {
            throw new ChannelSettingsException("settings." + URL, "is required");
        }
        URI url;
        try {
            url = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ChannelSettingsException("settings." + URL, "is not a valid URL");
        }
        if (!isHttpWithHost(url)) {
            throw new ChannelSettingsException("settings." + URL, "must be an absolute http or https URL with a host");
        }
        return url;
    }

    private static String secret(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new ChannelSettingsException("settings." + SECRET, "is blank; leave it out to send unsigned requests");
        }
        String secret = value.trim();
        try {
            WebhookSigner.of(secret);
        } catch (IllegalArgumentException e) {
            throw new ChannelSettingsException("settings." + SECRET, e.getMessage());
        }
        return secret;
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ChannelSettingsException("settings." + TIMEOUT, e.getMessage());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ChannelSettingsException("settings." + TIMEOUT, "must be positive");
        }
        return timeout;
    }

    private static boolean isHttpWithHost(URI url) {
        return ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) && url.getHost() != null;
    }
}
