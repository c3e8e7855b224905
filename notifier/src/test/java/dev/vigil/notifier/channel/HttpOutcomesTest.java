package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpOutcomesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsAreDelivered(int status) {
        DeliveryResult result = HttpOutcomes.classify(status, null, null, NOW);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
        assertThat(result.statusCode()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504, 599})
    void tooManyRequestsAndServerErrorsAreRetryable(int status) {
        DeliveryResult result = HttpOutcomes.classify(status, null, "busy", NOW);
        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRYABLE);
        assertThat(result.reason()).isEqualTo("HTTP " + status + ": busy");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 301, 302, 400, 401, 403, 404, 410, 422})
    void otherStatusesArePermanent(int status) {
        assertThat(HttpOutcomes.classify(status, null, "", NOW).kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
    }

    @Test
    void retryAfterInSecondsIsTakenOn429() {
        assertThat(HttpOutcomes.classify(429, "7", null, NOW).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredFromNow() {
        assertThat(HttpOutcomes.classify(503, "Fri, 20 Nov 2026 10:00:30 GMT", null, NOW).retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsIgnoredWhereItHasNoMeaningOrCannotBeRead() {
        assertThat(HttpOutcomes.classify(500, "7", null, NOW).retryAfter()).isNull();
        assertThat(HttpOutcomes.classify(429, "soon", null, NOW).retryAfter()).isNull();
        assertThat(HttpOutcomes.classify(429, "99999999999999999999999", null, NOW).retryAfter()).isNull();
        assertThat(HttpOutcomes.classify(429, "Fri, 20 Nov 2026 09:00:00 GMT", null, NOW).retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aLongErrorBodyIsCutShortAndKeptOnOneLine() {
        String reason = HttpOutcomes.classify(400, null, "bad\n" + "x".repeat(500), NOW).reason();
        assertThat(reason).startsWith("HTTP 400: bad xxx").endsWith("…").hasSizeLessThan(220).doesNotContain("\n");
    }
}
