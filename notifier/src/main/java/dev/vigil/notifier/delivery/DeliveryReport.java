package dev.vigil.notifier.delivery;

import dev.vigil.avro.NotificationRecord;
import java.util.List;

/**
 * What delivering one alert to one channel left behind: the ledger records of every attempt, and whether the
 * delivery reached an end (delivered, failed or filtered). An unfinished delivery — the app stopped during a
 * backoff pause — must not have its offset committed.
 */
public record DeliveryReport(List<NotificationRecord> ledger, boolean finished) {

    public DeliveryReport {
        ledger = List.copyOf(ledger);
    }
}
