package dev.vigil.notifier.channel.http;

import dev.vigil.core.config.Durations;
import dev.vigil.notifier.channel.ChannelSettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading and checking the settings the HTTP channels share ({@code timeout}, endpoint URLs, {@code alertBaseUrl}).
 * Every failure is a {@link ChannelSettingsException} naming {@code settings.<key>}; no message repeats a URL or a
 * key, because several of them are secrets (a Slack webhook's path, a PagerDuty routing key).
 */
public final class HttpSettings {

    public static final String TIMEOUT = "timeout";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than this and one slow receiver holds up every alert behind it. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    private HttpSettings() {
    }

    /** {@code settings.<key>}, the field a settings error names. */
    public static String field(String key) {
        return "settings." + key;
    }

    /** Refuses a key that is not in {@code known}: a misspelt {@code routingkey} must not pass as "not set". */
    public static void onlyKnown(Map<String, String> settings, Set<String> known) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key)) {
                throw new ChannelSettingsException(field(key), "unknown setting; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** The trimmed value, or a settings error when absent or blank. */
    public static String required(Map<String, String> settings, String key) {
        String value = optional(settings, key);
        if (value == null) {
            throw new ChannelSettingsException(field(key), "is required");
        }
        return value;
    }

    /** The trimmed value, or null when absent or blank. */
    public static String optional(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The {@code timeout} setting (duration text such as {@code 5s}); {@link #DEFAULT_TIMEOUT} when absent. */
    public static Duration timeout(Map<String, String> settings) {
        String text = optional(settings, TIMEOUT);
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ChannelSettingsException(field(TIMEOUT), e.getMessage());
        }
    }

    /** Checks a timeout: positive and at most {@link #MAX_TIMEOUT}. */
    public static Duration checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ChannelSettingsException(field(TIMEOUT), "must be a duration above 0 and at most " + MAX_TIMEOUT.toSeconds() + "s");
        }
        return timeout;
    }

    /** Parses a URL setting without repeating it in the error (it may hold a secret). */
    public static URI url(String key, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ChannelSettingsException(field(key), "is not a valid URL (" + e.getReason() + ")");
        }
    }

    /**
     * Checks an endpoint the notifier POSTs to: absolute {@code https} with a host, and no user-info, query or fragment
     * (credentials travel in the channel's own settings, where they are known to be secrets). Plain {@code http} is
     * refused because every one of these requests carries a key or a secret URL.
     */
    public static URI checkEndpoint(String key, URI url) {
        if (url == null) {
            throw new ChannelSettingsException(field(key), "is required");
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new ChannelSettingsException(field(key), "must be an absolute https URL with a host");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ChannelSettingsException(field(key), "must not have user-info, a query or a fragment");
        }
        return url;
    }

    /**
     * Checks and normalises a base URL that links in messages start with ({@code alertBaseUrl}): absolute http or
     * https with a host, an optional path prefix, no user-info, query or fragment; a trailing slash is dropped. Null
     * stays null (no links). Plain http is allowed: the notifier never calls it, a person's browser does.
     */
    public static URI checkBaseUrl(String key, URI url) {
        if (url == null) {
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ChannelSettingsException(field(key), "must be an absolute http or https URL with a host");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ChannelSettingsException(field(key), "must not have user-info, a query or a fragment");
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.replaceAll("/+$", "")) : url;
    }
}
