package dev.vigil.notifier.channel;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one rule every HTTP channel follows for the receiver's answer: 2xx delivered; 429 and 5xx retryable (the
 * receiver is busy or broken, it may recover); everything else permanent (1xx and 3xx included: redirects are not
 * followed, because a webhook that moved must be reconfigured, not guessed at). One rule, so that a new channel
 * cannot invent its own idea of "retry".
 */
public final class HttpOutcomes {

    private static final int MAX_BODY_IN_REASON = 200;

    private HttpOutcomes() {
    }

    /**
     * Classifies an answer. {@code retryAfterHeader} is the raw {@code Retry-After} value or {@code null}; it counts
     * on 429 and 503, the two statuses RFC 9110 gives it meaning for. {@code body} may be {@code null}.
     */
    public static DeliveryResult classify(int status, String retryAfterHeader, String body, Instant now) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status);
        }
        String reason = "HTTP " + status + excerpt(body);
        if (status == 429 || status >= 500 && status < 600) {
            Duration retryAfter = status == 429 || status == 503 ? retryAfter(retryAfterHeader, now) : null;
            return DeliveryResult.retryable(status, reason, retryAfter);
        }
        return DeliveryResult.permanent(status, reason);
    }

    /** A {@code Retry-After} value (delta-seconds or an HTTP-date) as a pause from {@code now}, or null if unusable. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() <= MAX_BODY_IN_REASON ? oneLine : oneLine.substring(0, MAX_BODY_IN_REASON) + "…");
    }
}
