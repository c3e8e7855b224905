package dev.vigil.notifier.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.notifier.channel.ChannelSettingsException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    private static final String URL = "https://hooks.example.com/vigil?token=s3cr3t-token-42";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void readsEverySetting() {
        WebhookConfig config = WebhookConfig.from(Map.of("url", URL, "secret", SECRET, "timeout", "2500ms"));

        assertThat(config).isEqualTo(new WebhookConfig(URI.create(URL), Duration.ofMillis(2500), SECRET));
    }

    @Test
    void defaultsToUnsignedWithATenSecondTimeout() {
        WebhookConfig config = WebhookConfig.from(Map.of("url", URL));

        assertThat(config.secret()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theOlderConstructorStillMakesAnUnsignedWebhook() {
        assertThat(new WebhookConfig(URI.create(URL), Duration.ofSeconds(3))).isEqualTo(new WebhookConfig(URI.create(URL), Duration.ofSeconds(3), null));
    }

    @Test
    void namesAMissingOrBadUrlWithoutEchoingIt() {
        assertRefused(Map.of(), "settings.url", "is required");
        assertRefused(Map.of("url", " "), "settings.url", "is required");
        assertRefused(Map.of("url", "ftp://hooks.example.com/x?token=s3cr3t-token-42"), "settings.url",
                "must be an absolute http or https URL with a host");
        assertRefused(Map.of("url", "/relative?token=s3cr3t-token-42"), "settings.url", "must be an absolute http or https URL with a host");
        assertRefused(Map.of("url", "https://hooks.example.com/a b?token=s3cr3t-token-42"), "settings.url", "is not a valid URL");
    }

    @Test
    void namesABadSecretWithoutEchoingIt() {
        assertRefused(Map.of("url", URL, "secret", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "settings.secret",
                "must start with 'whsec_' followed by the base64 of the key");
        assertRefused(Map.of("url", URL, "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!"), "settings.secret",
                "the part after 'whsec_' is not valid base64");
        assertRefused(Map.of("url", URL, "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La"), "settings.secret",
                "the key must be 24 to 64 bytes, it is 21");
        assertRefused(Map.of("url", URL, "secret", WebhookSignerTest.secretOfBytes(65)), "settings.secret",
                "the key must be 24 to 64 bytes, it is 65");
        assertRefused(Map.of("url", URL, "secret", "  "), "settings.secret", "is blank; leave it out to send unsigned requests");
    }

    @Test
    void namesABadTimeout() {
        assertRefused(Map.of("url", URL, "timeout", "soon"), "settings.timeout",
                "'soon' is not a duration: write e.g. 500ms, 30s, 5m, 1h, 8d or ISO-8601 PT5M");
        assertRefused(Map.of("url", URL, "timeout", "0s"), "settings.timeout", "must be positive");
        assertRefused(Map.of("url", URL, "timeout", "PT-5S"), "settings.timeout", "must be positive");
    }

    @Test
    void refusesAnUnknownSettingSoThatAMisspeltSecretDoesNotTurnSigningOff() {
        Map<String, String> settings = new HashMap<>(Map.of("url", URL, "secrte", SECRET));

        assertRefused(settings, "settings.secrte", "unknown webhook setting; known: url, secret, timeout");
    }

    @Test
    void showsNeitherTheTokenNorTheSecretWhenPrinted() {
        String text = WebhookConfig.from(Map.of("url", URL, "secret", SECRET)).toString();

        assertThat(text).isEqualTo("WebhookConfig[url=https://hooks.example.com/vigil, timeout=PT10S, signed=true]");
    }

    private static void assertRefused(Map<String, String> settings, String field, String reason) {
        ChannelSettingsException e = catchThrowableOfType(ChannelSettingsException.class, () -> WebhookConfig.from(settings));
        assertThat(e).as("settings %s", settings.keySet()).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).doesNotContain("s3cr3t-token-42").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2");
        String secret = settings.getOrDefault("secret", "").strip();
        if (!secret.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(secret.substring(secret.length() - 12));
        }
    }
}
