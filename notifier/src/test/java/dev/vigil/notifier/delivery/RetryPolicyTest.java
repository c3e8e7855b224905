package dev.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void doublesThePauseAfterEachFailureUpToTheCap() {
        double top = Math.nextDown(1.0);
        assertThat(policy.pause(1, null, top)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(policy.pause(2, null, top)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
        assertThat(policy.pause(3, null, top)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
        assertThat(policy.pause(4, null, top)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        assertThat(policy.pause(30, null, top)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
    }

    @Test
    void jitterKeepsAtLeastHalfThePause() {
        assertThat(policy.pause(2, null, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.pause(2, null, 0.5)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aReceiversRetryAfterReplacesTheBackoffButIsCapped() {
        assertThat(policy.pause(1, Duration.ofSeconds(3), 0.9)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.pause(1, Duration.ofHours(1), 0.9)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("initialBackoff");
    }
}
