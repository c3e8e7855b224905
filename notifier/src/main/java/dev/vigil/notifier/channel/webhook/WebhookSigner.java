package dev.vigil.notifier.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric signature of the Standard Webhooks specification (https://www.standardwebhooks.com): HMAC-SHA256
 * over {@code id.timestamp.body}, sent as {@code v1,} and the base64 of the MAC. We follow the published scheme
 * rather than invent one so that a receiver can verify with any Standard Webhooks library (or Svix's), and so that
 * the message id and the attempt's timestamp are signed together with the body: a captured request cannot be
 * replayed later or under another id without the receiver noticing.
 *
 * <p>The secret is given as the spec serialises it, {@code whsec_} followed by the base64 of the key bytes; the key
 * is the decoded bytes, 24 to 64 of them (192 to 512 bits, the spec's bounds). No error message names the secret.
 */
public final class WebhookSigner {

    public static final String SECRET_PREFIX = "whsec_";
    public static final int MIN_KEY_BYTES = 24;
    public static final int MAX_KEY_BYTES = 64;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1,";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * A signer for {@code secret} ({@code whsec_} + base64); an {@link IllegalArgumentException} whose message says
     * what is wrong without repeating any of the secret.
     */
    public static WebhookSigner of(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("must start with '" + SECRET_PREFIX + "' followed by the base64 of the key");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the part after '" + SECRET_PREFIX + "' is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes, it is " + key.length);
        }
        return new WebhookSigner(key);
    }

    /** The {@code webhook-signature} value for one attempt: {@code v1,} + base64(HMAC-SHA256(key, id.timestamp.body)). */
    public String sign(String id, long timestampSeconds, byte[] body) {
        Mac mac = newMac();
        mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        return VERSION + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    /** A fresh MAC per signature: {@link Mac} is not thread-safe, and one costs microseconds next to an HTTP call. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }
}
