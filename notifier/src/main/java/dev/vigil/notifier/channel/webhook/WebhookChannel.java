package dev.vigil.notifier.channel.webhook;

import dev.vigil.avro.Alert;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.SafeUrl;
import dev.vigil.notifier.channel.http.JsonPost;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * POSTs each alert as JSON (DESIGN.md's alert contract, {@link AlertJson}) to one URL. The receiver gets the
 * delivery id as {@code Idempotency-Key}, so a redelivery after a crash is recognisable as the same notification.
 * With a secret configured, every request is signed per Standard Webhooks ({@link WebhookSigner}): {@code webhook-id}
 * is the delivery id too, {@code webhook-timestamp} the attempt's time in epoch seconds, and {@code webhook-signature}
 * covers both and the exact body bytes sent; a retry is signed afresh with its own timestamp, as the spec asks.
 *
 * <p>One attempt per call; the host is checked against the {@link HostPolicy} before each (a refusal is permanent),
 * and the answer is classified as for every HTTP channel ({@link JsonPost}). Only the first kilobyte of an error answer is read (for the
 * reason): a receiver cannot make the notifier buffer an endless body.
 */
public final class WebhookChannel implements Channel {

    public static final String TYPE = "webhook";
    public static final String USER_AGENT = JsonPost.USER_AGENT;
    public static final String IDEMPOTENCY_KEY = JsonPost.IDEMPOTENCY_KEY;
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private static final int MIN_SECRET_VALUE_LENGTH = 6;

    private final WebhookConfig config;
    private final WebhookSigner signer;
    private final JsonPost post;
    private final Clock clock;

    public WebhookChannel(WebhookConfig config, HostPolicy hosts) {
        this(config, hosts, Clock.systemUTC());
    }

    /** With the clock that stamps {@code webhook-timestamp}, so a test can pin the signature. */
    WebhookChannel(WebhookConfig config, HostPolicy hosts, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.signer = config.secret() == null ? null : WebhookSigner.of(config.secret());
        this.post = new JsonPost(hosts, config.timeout(), null);
        this.clock = Objects.requireNonNull(clock, "clock");
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
        byte[] body = AlertJson.write(alert).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(IDEMPOTENCY_KEY, deliveryId);
        if (signer != null) {
            long timestamp = clock.instant().getEpochSecond();
            headers.put(WEBHOOK_ID, deliveryId);
            headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
            headers.put(WEBHOOK_SIGNATURE, signer.sign(deliveryId, timestamp, body));
        }
        return post.post(config.url(), body, headers);
    }
}
