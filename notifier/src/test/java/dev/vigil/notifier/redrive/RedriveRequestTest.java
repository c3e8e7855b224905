package dev.vigil.notifier.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedriveRequestTest {

    @Test
    void aRequestCoversTheChannelAndAlertItNames() {
        FailedDelivery failed = new FailedDelivery("a1", "webhook", "k1", Instant.EPOCH, "HTTP 503");

        assertThat(new RedriveRequest(Duration.ofHours(24), null, null, false).covers(failed)).isTrue();
        assertThat(new RedriveRequest(Duration.ofHours(24), "webhook", "a1", false).covers(failed)).isTrue();
        assertThat(new RedriveRequest(Duration.ofHours(24), "console", null, false).covers(failed)).isFalse();
        assertThat(new RedriveRequest(Duration.ofHours(24), null, "a2", false).covers(failed)).isFalse();
    }

    @Test
    void aRequestLooksBackSomeTime() {
        assertThatThrownBy(() -> new RedriveRequest(Duration.ZERO, null, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than zero");
    }
}
