package dev.vigil.notifier.channel.webhook;

import dev.vigil.avro.Alert;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.HttpOutcomes;
import dev.vigil.notifier.channel.SafeUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * POSTs each alert as JSON (DESIGN.md's alert contract, {@link AlertJson}) to one URL. The receiver gets the
 * delivery id as {@code Idempotency-Key}, so a redelivery after a crash is recognisable as the same notification.
 * With a secret configured, every request is signed per Standard Webhooks ({@link WebhookSigner}): {@code webhook-id}
 * is the delivery id too, {@code webhook-timestamp} the attempt's time in epoch seconds, and {@code webhook-signature}
 * covers both and the exact body bytes sent; a retry is signed afresh with its own timestamp, as the spec asks.
 *
 * <p>One attempt per call; the host is checked against the {@link HostPolicy} before each (a refusal is permanent),
 * and the answer is classified by {@link HttpOutcomes}. Only the first kilobyte of an error answer is read (for the
 * reason): a receiver cannot make the notifier buffer an endless body.
 */
public final class WebhookChannel implements Channel {

    public static final String TYPE = "webhook";
    public static final String USER_AGENT = "vigil-notifier/0.1";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private static final int MAX_ERROR_BODY_BYTES = 1024;
    private static final int MIN_SECRET_VALUE_LENGTH = 6;

    private final WebhookConfig config;
    private final HostPolicy hosts;
    private final WebhookSigner signer;
    private final HttpClient http;
    private final Clock clock;

    public WebhookChannel(WebhookConfig config, HostPolicy hosts) {
        this(config, hosts, Clock.systemUTC());
    }

    /** With the clock that stamps {@code webhook-timestamp}, so a test can pin the signature. */
    WebhookChannel(WebhookConfig config, HostPolicy hosts, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.signer = config.secret() == null ? null : WebhookSigner.of(config.secret());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A webhook without the SSRF guard, as the notifier app has configured it so far.
     *
     * @deprecated pass the configured {@link HostPolicy}: this constructor lets every host through, loopback and
     *     private addresses included, and remains only until the app wires the policy in.
     */
    @Deprecated
    public WebhookChannel(WebhookConfig config) {
        this(config, HostPolicy.allowAll());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return SafeUrl.of(config.url());
    }

    /**
     * The signing secret (whole and its base64 part), the full URL, its query, user-info and fragment, and each query
     * value alone (a receiver may echo a token back); values shorter than {@value #MIN_SECRET_VALUE_LENGTH} characters
     * ({@code ?v=2}) are not tokens, and masking them would garble every reason.
     */
    @Override
    public List<String> secrets() {
        URI url = config.url();
        List<String> secrets = new ArrayList<>(List.of(url.toString()));
        if (config.secret() != null) {
            secrets.add(config.secret());
            secrets.add(config.secret().substring(WebhookSigner.SECRET_PREFIX.length()));
        }
        for (String part : new String[] {url.getRawQuery(), url.getQuery(), url.getRawUserInfo(), url.getUserInfo(), url.getRawFragment()}) {
            if (part != null && !part.isEmpty()) {
                secrets.add(part);
            }
        }
        if (url.getRawQuery() != null) {
            for (String pair : url.getRawQuery().split("&")) {
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.length() >= MIN_SECRET_VALUE_LENGTH) {
                    secrets.add(value);
                    secrets.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
        }
        return secrets;
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException {
        String refusal = hosts.refusal(config.url());
        if (refusal != null) {
            return DeliveryResult.permanent(null, refusal);
        }
        byte[] body = AlertJson.write(alert).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, deliveryId)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signer != null) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(WEBHOOK_ID, deliveryId)
                    .header(WEBHOOK_TIMESTAMP, Long.toString(timestamp))
                    .header(WEBHOOK_SIGNATURE, signer.sign(deliveryId, timestamp, body));
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return HttpOutcomes.classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                errorBody(response), clock.instant());
    }

    private static String errorBody(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 == 2) {
                return null;
            }
            return new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        }
    }
}
