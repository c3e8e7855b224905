package dev.vigil.notifier.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AlertLinkTest {

    @Test
    void appendsTheAlertPathToTheBase() {
        assertThat(AlertLink.of(URI.create("https://vigil.example.com/ops"), "1a2b")).isEqualTo("https://vigil.example.com/ops/v1/alerts/1a2b");
    }

    @Test
    void encodesTheIdAsOnePathSegment() {
        assertThat(AlertLink.of(URI.create("https://v.example"), "a/b c?d")).isEqualTo("https://v.example/v1/alerts/a%2Fb%20c%3Fd");
    }

    @Test
    void noBaseNoLink() {
        assertThat(AlertLink.of(null, "1a2b")).isNull();
    }
}
