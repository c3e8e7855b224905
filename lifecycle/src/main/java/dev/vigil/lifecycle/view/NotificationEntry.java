package dev.vigil.lifecycle.view;

import dev.vigil.avro.NotificationRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One record of the delivery ledger ({@code vigil.notifications.v1}) as an alert's timeline shows it: which channel,
 * what became of the attempt ({@code status}: the ledger's outcome, e.g. {@code delivered}, {@code retrying},
 * {@code failed}, {@code silenced}), which attempt, what caused the send ({@code trigger}: {@code alert} or a
 * lifecycle action), the ledger's reason as {@code detail}, and when.
 *
 * <p>The notifier already masks channel secrets in the reason; as a second guard every URL left in it is replaced by
 * {@value #URL_PLACEHOLDER} here, because a webhook URL's path can itself be the secret (Slack, Teams).
 */
public record NotificationEntry(String deliveryId, String channel, String status, int attempt, String trigger,
                                String detail, Instant at) {

    static final String URL_PLACEHOLDER = "<url>";
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+");

    public NotificationEntry {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(at, "at");
    }

    static NotificationEntry of(NotificationRecord record) {
        return new NotificationEntry(record.getDeliveryId(), record.getChannel(), record.getOutcome().name(),
                record.getAttempt(), record.getTrigger(), withoutUrls(record.getReason()), record.getAttemptedAt());
    }

    static String withoutUrls(String text) {
        return text == null ? null : URL.matcher(text).replaceAll(URL_PLACEHOLDER);
    }
}
