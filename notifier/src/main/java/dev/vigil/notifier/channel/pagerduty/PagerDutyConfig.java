package dev.vigil.notifier.channel.pagerduty;

import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PagerDuty channel's settings: {@code routingKey} (required: the 32-character integration key of an Events API v2
 * integration), {@code eventsUrl} (default {@value #DEFAULT_EVENTS_URL}; another https URL for PagerDuty's EU endpoint,
 * a proxy or a test), {@code alertBaseUrl} (optional: the lifecycle API's base URL, for the link on the incident) and
 * {@code timeout} (default 10s). The routing key is the secret: whoever has it can open incidents on the service.
 */
public record PagerDutyConfig(String routingKey, URI eventsUrl, URI alertBaseUrl, Duration timeout) {

    public static final String ROUTING_KEY = "routingKey";
    public static final String EVENTS_URL = "eventsUrl";
    public static final String ALERT_BASE_URL = "alertBaseUrl";
    public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final Set<String> KEYS = Set.of(ROUTING_KEY, EVENTS_URL, ALERT_BASE_URL, HttpSettings.TIMEOUT);
    private static final Pattern ROUTING_KEY_FORM = Pattern.compile("[A-Za-z0-9]{32}");

    public PagerDutyConfig {
        if (routingKey == null || !ROUTING_KEY_FORM.matcher(routingKey).matches()) {
            throw new ChannelSettingsException(HttpSettings.field(ROUTING_KEY), "must be the 32-letter-and-digit integration key of an"
                    + " Events API v2 integration (got " + (routingKey == null ? "none" : routingKey.length() + " characters") + ")");
        }
        HttpSettings.checkEndpoint(EVENTS_URL, eventsUrl);
        alertBaseUrl = HttpSettings.checkBaseUrl(ALERT_BASE_URL, alertBaseUrl);
        HttpSettings.checkTimeout(timeout);
    }

    /** The settings of a {@code pagerduty} channel config; a {@link ChannelSettingsException} names the bad key. */
    public static PagerDutyConfig from(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        HttpSettings.onlyKnown(s, KEYS);
        String eventsUrl = HttpSettings.optional(s, EVENTS_URL);
        String base = HttpSettings.optional(s, ALERT_BASE_URL);
        return new PagerDutyConfig(HttpSettings.required(s, ROUTING_KEY),
                HttpSettings.url(EVENTS_URL, eventsUrl == null ? DEFAULT_EVENTS_URL : eventsUrl),
                base == null ? null : HttpSettings.url(ALERT_BASE_URL, base), HttpSettings.timeout(s));
    }

    @Override
    public String toString() {
        return "PagerDutyConfig[routingKey=***, eventsUrl=" + eventsUrl + ", alertBaseUrl=" + alertBaseUrl + ", timeout=" + timeout + "]";
    }
}
