package dev.vigil.notifier.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /**
     * The example of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, {@code verifyWebhookSignWorks}): a receiver
     * using any of those libraries accepts what we sign only if we reproduce it to the byte.
     */
    @Test
    void reproducesTheStandardWebhooksReferenceVector() {
        WebhookSigner signer = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsTheIdTheTimestampAndTheBodyTogether() {
        WebhookSigner signer = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String reference = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body);

        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJel", 1614265330L, body)).isNotEqualTo(reference);
        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331L, body)).isNotEqualTo(reference);
        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(reference);
    }

    @Test
    void acceptsKeysOf24To64Bytes() {
        assertThat(WebhookSigner.of(secretOfBytes(24))).isNotNull();
        assertThat(WebhookSigner.of(secretOfBytes(64))).isNotNull();
    }

    @Test
    void refusesASecretWithoutThePrefixOrNotBase64OrOfTheWrongSizeWithoutRepeatingIt() {
        String bare = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThatThrownBy(() -> WebhookSigner.of(bare)).hasMessageContaining("whsec_").hasMessageNotContaining(bare);
        assertThatThrownBy(() -> WebhookSigner.of("whsec_not*base64*at*all*but*long*enough"))
                .hasMessageContaining("not valid base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> WebhookSigner.of(secretOfBytes(23))).hasMessage("the key must be 24 to 64 bytes, it is 23");
        assertThatThrownBy(() -> WebhookSigner.of(secretOfBytes(65))).hasMessage("the key must be 24 to 64 bytes, it is 65");
    }

    static String secretOfBytes(int n) {
        byte[] key = new byte[n];
        for (int i = 0; i < n; i++) {
            key[i] = (byte) (i * 37 + 11);
        }
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
