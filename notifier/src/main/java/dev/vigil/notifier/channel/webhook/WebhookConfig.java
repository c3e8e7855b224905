package dev.vigil.notifier.channel.webhook;

import dev.vigil.notifier.channel.SafeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The webhook channel's own settings. {@code url} may carry a token in its query, so it is a secret: its
 * {@link #toString()} shows only {@code scheme://host/path}.
 */
public record WebhookConfig(URI url, Duration timeout) {

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook URL must be an absolute http or https URL with a host");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + SafeUrl.of(url) + ", timeout=" + timeout + "]";
    }
}
