package dev.vigil.notifier.channel.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The link to an alert in the lifecycle API, {@code <alertBaseUrl>/v1/alerts/<alertId>}, which messages carry so that
 * a person gets from the page to the alert in one click.
 */
public final class AlertLink {

    private AlertLink() {
    }

    /** The alert's link, or null when no base URL is configured. The id is encoded as one path segment. */
    public static String of(URI alertBaseUrl, String alertId) {
        if (alertBaseUrl == null) {
            return null;
        }
        return alertBaseUrl + "/v1/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
