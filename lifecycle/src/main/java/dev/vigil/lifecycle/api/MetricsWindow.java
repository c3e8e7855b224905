package dev.vigil.lifecycle.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code window} of {@code GET /v1/anomalies/metrics}: whole hours or days ({@code 12h}, {@code 7d}) from
 * {@value #MIN} to {@value #MAX}, {@value #DEFAULT} when absent. Anything else is a 400 naming {@code window}.
 */
final class MetricsWindow {

    static final String MIN = "1h";
    static final String MAX = "90d";
    static final String DEFAULT = "7d";
    private static final Pattern FORM = Pattern.compile("([0-9]{1,5})([hd])");

    private MetricsWindow() {
    }

    static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            return parse(DEFAULT);
        }
        Matcher m = FORM.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration window = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
            if (window.compareTo(Duration.ofHours(1)) >= 0 && window.compareTo(Duration.ofDays(90)) <= 0) {
                return window;
            }
        }
        throw ApiException.badRequest("query parameter 'window' must be whole hours or days from " + MIN + " to " + MAX
                + ", such as 24h or 7d (got '" + Shown.shorten(text) + "')");
    }
}
