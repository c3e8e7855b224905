package dev.vigil.notifier.channel.slack;

import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The Slack channel's settings: {@code webhookUrl} (required, the https incoming-webhook URL Slack issued),
 * {@code alertBaseUrl} (optional: the lifecycle API's base URL, for the link to the alert), {@code timeout} (default
 * 10s). The webhook URL's path is the credential ({@code /services/T…/B…/<token>}): whoever has it can post to the
 * channel, so {@link #toString()} shows only its scheme and host.
 */
public record SlackConfig(URI webhookUrl, URI alertBaseUrl, Duration timeout) {

    public static final String WEBHOOK_URL = "webhookUrl";
    public static final String ALERT_BASE_URL = "alertBaseUrl";

    private static final Set<String> KEYS = Set.of(WEBHOOK_URL, ALERT_BASE_URL, HttpSettings.TIMEOUT);

    public SlackConfig {
        HttpSettings.checkEndpoint(WEBHOOK_URL, webhookUrl);
        String path = webhookUrl.getRawPath();
        if (path == null || path.replace("/", "").isEmpty()) {
            throw new ChannelSettingsException(HttpSettings.field(WEBHOOK_URL),
                    "must be the whole incoming-webhook URL Slack issued, path included (https://hooks.slack.com/services/…)");
        }
        alertBaseUrl = HttpSettings.checkBaseUrl(ALERT_BASE_URL, alertBaseUrl);
        HttpSettings.checkTimeout(timeout);
    }

    /** The settings of a {@code slack} channel config; a {@link ChannelSettingsException} names the bad key. */
    public static SlackConfig from(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        HttpSettings.onlyKnown(s, KEYS);
        String base = HttpSettings.optional(s, ALERT_BASE_URL);
        return new SlackConfig(HttpSettings.url(WEBHOOK_URL, HttpSettings.required(s, WEBHOOK_URL)),
                base == null ? null : HttpSettings.url(ALERT_BASE_URL, base), HttpSettings.timeout(s));
    }

    @Override
    public String toString() {
        return "SlackConfig[webhookUrl=" + webhookUrl.getScheme() + "://" + webhookUrl.getRawAuthority() + "/***, alertBaseUrl="
                + alertBaseUrl + ", timeout=" + timeout + "]";
    }
}
