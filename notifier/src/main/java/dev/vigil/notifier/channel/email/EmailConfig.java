package dev.vigil.notifier.channel.email;

import dev.vigil.core.config.Durations;
import dev.vigil.notifier.channel.ChannelSettingsException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The email channel's own settings, read from a channel's {@code settings} by {@link #from}:
 *
 * <ul>
 *   <li>{@code host} (required) and {@code port} (default 587) of the SMTP server;</li>
 *   <li>{@code tls}: {@code starttls} (default; the upgrade is required, never skipped when the server does not offer
 *       it), {@code smtps} (TLS from the first byte, usually port 465) or {@code none} (plain SMTP, for a relay on a
 *       trusted network only: a password would cross in clear text);</li>
 *   <li>{@code username} and {@code password}, both or neither; the password is the channel's secret;</li>
 *   <li>{@code from} (one address), {@code to} (comma-separated addresses), {@code subjectPrefix} (default
 *       {@code [Vigil]}, may be empty);</li>
 *   <li>{@code alertBaseUrl}: the lifecycle API's base URL, for the link {@code <alertBaseUrl>/v1/alerts/<alertId>};
 *       no link without it;</li>
 *   <li>{@code timeout} (default 10s): the limit for connecting and for each read and write on the connection.</li>
 * </ul>
 */
public record EmailConfig(String host, int port, Tls tls, String username, String password, InternetAddress from,
                          List<InternetAddress> to, String subjectPrefix, URI alertBaseUrl, Duration timeout) {

    /** How the connection is protected. */
    public enum Tls { STARTTLS, SMTPS, NONE }

    public static final int DEFAULT_PORT = 587;
    public static final String DEFAULT_SUBJECT_PREFIX = "[Vigil]";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> KEYS = Set.of("host", "port", "tls", "username", "password", "from", "to",
            "subjectPrefix", "alertBaseUrl", "timeout");
    /** A DNS name, an IPv4 address, or an IPv6 address (brackets optional). */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
                    + "|\\[[0-9A-Fa-f:.]+]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public EmailConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
        Objects.requireNonNull(timeout, "timeout");
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("email needs at least one recipient");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port must be 1 to 65535");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("SMTP username and password go together");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("email timeout must be positive");
        }
    }

    /**
     * The config of a channel on {@code vigil.channels.v1} from its {@code settings}; a
     * {@link ChannelSettingsException} naming the first bad key ({@code settings.to}, …), never with the password.
     * An unknown key is an error too, so that a misspelt one is not silently ignored.
     */
    public static EmailConfig from(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        for (String key : new TreeSet<>(s.keySet())) {
            if (!KEYS.contains(key)) {
                throw new ChannelSettingsException("settings." + key, "unknown email setting; known: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String username = optional(s, "username");
        String password = optional(s, "password");
        if (username != null && password == null) {
            throw new ChannelSettingsException("settings.password", "is required when settings.username is set");
        }
        if (password != null && username == null) {
            throw new ChannelSettingsException("settings.username", "is required when settings.password is set");
        }
        return new EmailConfig(host(s.get("host")), port(s.get("port")), tls(s.get("tls")), username, password,
                from(s.get("from")), addresses("to", s.get("to")), subjectPrefix(s.get("subjectPrefix")),
                alertBaseUrl(s.get("alertBaseUrl")), timeout(s.get("timeout")));
    }

    /** Whether the channel logs in. */
    public boolean authenticates() {
        return username != null;
    }

    /** Everything but the password, which shows only whether there is one. */
    @Override
    public String toString() {
        return "EmailConfig[host=" + host + ", port=" + port + ", tls=" + tls.name().toLowerCase(Locale.ROOT)
                + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", from=" + from
                + ", to=" + to + ", subjectPrefix=" + subjectPrefix + ", alertBaseUrl=" + alertBaseUrl
                + ", timeout=" + timeout + "]";
    }

    private static String optional(Map<String, String> s, String key) {
        String value = s.get(key);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new ChannelSettingsException("settings." + key, "is blank; leave it out instead");
        }
        return "password".equals(key) ? value : value.trim();
    }

    private static String host(String value) {
        if (value == null || value.isBlank()) {
            throw new ChannelSettingsException("settings.host", "is required");
        }
        String host = value.trim();
        if (host.length() > 253 || !HOST.matcher(host).matches()) {
            throw new ChannelSettingsException("settings.host", "is not a host name or IP address: " + host);
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new ChannelSettingsException("settings.port", "must be a port number from 1 to 65535");
    }

    private static Tls tls(String value) {
        if (value == null) {
            return Tls.STARTTLS;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "starttls" -> Tls.STARTTLS;
            case "smtps" -> Tls.SMTPS;
            case "none" -> Tls.NONE;
            default -> throw new ChannelSettingsException("settings.tls", "must be starttls, smtps or none");
        };
    }

    private static InternetAddress from(String value) {
        List<InternetAddress> addresses = addresses("from", value);
        if (addresses.size() != 1) {
            throw new ChannelSettingsException("settings.from", "must be one address");
        }
        return addresses.get(0);
    }

    /** Strict RFC 822 parsing: no bare names, no line breaks (a header injection), at least one address. */
    private static List<InternetAddress> addresses(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ChannelSettingsException("settings." + key, "is required");
        }
        if (CONTROL.matcher(value).find()) {
            throw new ChannelSettingsException("settings." + key, "must not contain line breaks or control characters");
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(value, true);
            for (InternetAddress address : parsed) {
                address.validate();
            }
            if (parsed.length == 0) {
                throw new ChannelSettingsException("settings." + key, "is required");
            }
            return List.of(parsed);
        } catch (AddressException e) {
            throw new ChannelSettingsException("settings." + key, "is not a valid address list: " + e.getMessage());
        }
    }

    private static String subjectPrefix(String value) {
        if (value == null) {
            return DEFAULT_SUBJECT_PREFIX;
        }
        if (CONTROL.matcher(value).find()) {
            throw new ChannelSettingsException("settings.subjectPrefix", "must not contain line breaks or control characters");
        }
        return value.strip();
    }

    private static URI alertBaseUrl(String value) {
        if (value == null) {
            return null;
        }
        URI url;
        try {
            url = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ChannelSettingsException("settings.alertBaseUrl", "is not a valid URL");
        }
        boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
        if (!http || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new ChannelSettingsException("settings.alertBaseUrl",
                    "must be an absolute http or https URL with a host and without credentials, query or fragment");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ChannelSettingsException("settings.timeout", e.getMessage());
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ChannelSettingsException("settings.timeout", "must be positive");
        }
        return timeout;
    }
}
