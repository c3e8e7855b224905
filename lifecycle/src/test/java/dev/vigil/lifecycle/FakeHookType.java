package dev.vigil.lifecycle;

import dev.vigil.avro.Alert;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.notifier.channel.ChannelType;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.HttpOutcomes;
import dev.vigil.notifier.channel.SafeUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A webhook-like channel type for the lifecycle's tests, registered as {@value #TYPE} (the real channel types arrive
 * with other work): settings {@code url} (required) and {@code token} (required, the secret), POSTs the alert JSON
 * with {@code Authorization: Bearer <token>} and the delivery id, behind the host policy.
 */
public final class FakeHookType {

    public static final String TYPE = "fakehook";
    public static final ChannelType REGISTRATION = ChannelType.of(TYPE, Settings::from, Hook::new, "token");

    private FakeHookType() {
    }

    record Settings(URI url, String token) {

        static Settings from(Map<String, String> settings) {
            String url = settings.get("url");
            if (url == null || !url.startsWith("http")) {
                throw new ChannelSettingsException("settings.url", "is required, an http(s) URL");
            }
            String token = settings.get("token");
            if (token == null || token.length() < 8) {
                throw new ChannelSettingsException("settings.token", "is required, at least 8 characters");
            }
            return new Settings(URI.create(url), token);
        }
    }

    record Hook(Settings settings, HostPolicy hosts) implements Channel {

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String target() {
            return SafeUrl.of(settings.url());
        }

        @Override
        public List<String> secrets() {
            return List.of(settings.token());
        }

        @Override
        public DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException {
            String refused = hosts.refusal(settings.url());
            if (refused != null) {
                return DeliveryResult.permanent(null, refused);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(settings.url())
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + settings.token())
                    .header("Idempotency-Key", deliveryId)
                    .POST(HttpRequest.BodyPublishers.ofString(AlertJson.write(alert))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return HttpOutcomes.classify(response.statusCode(), null, response.body(), Instant.now());
        }
    }
}
