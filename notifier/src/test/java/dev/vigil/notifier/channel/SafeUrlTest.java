package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SafeUrlTest {

    @Test
    void keepsSchemeHostPortAndPathOnly() {
        assertThat(SafeUrl.of(URI.create("https://user:pw@hooks.example.com:8443/in/abc?token=s3cret#frag")))
                .isEqualTo("https://hooks.example.com:8443/in/abc");
    }

    @Test
    void redactsEveryUrlInAText() {
        assertThat(SafeUrl.redactUrlsIn("failed calling http://h.example/p?key=s3cret and https://a:b@x.example/q"))
                .isEqualTo("failed calling http://h.example/p and https://x.example/q");
    }

    @Test
    void replacesAUrlItCannotParse() {
        assertThat(SafeUrl.redactUrlsIn("see http://[broken/x?token=s3cret")).isEqualTo("see <url>");
    }
}
