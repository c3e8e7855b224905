package dev.vigil.notifier.consume;

import dev.vigil.serde.SchemaRegistryUnavailableException;

import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.SafeUrl;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ledger's trace of a record on the alerts topic that could not be read as an {@code Alert}. No alert id is
 * known, so the record is keyed and identified by where the bytes are ({@code undecodable:topic-partition@offset}),
 * which is deterministic: reading the same bad record again writes the same ids. Its severity is unknown and recorded
 * as critical, so that a view of failures sorted by severity shows it first rather than last.
 */
final class UndecodableAlert {

    static final String CHANNEL = "notifier";
    static final String CHANNEL_TYPE = "decoder";
    private static final String UNKNOWN = "unknown";

    private UndecodableAlert() {
    }

    static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    static NotificationRecord ledgerRecord(ConsumerRecord<String, byte[]> record, String problem, Instant at) {
        String id = "undecodable:" + coordinates(record);
        return NotificationRecord.newBuilder()
                .setDeliveryId(id)
                .setAlertId(id)
                .setChannel(CHANNEL)
                .setChannelType(CHANNEL_TYPE)
                .setAttempt(1)
                .setOutcome(DeliveryOutcome.failed)
                .setReason(reason(record, problem))
                .setTenantId(UNKNOWN)
                .setAgentId(record.key() == null || record.key().isBlank() ? UNKNOWN : record.key())
                .setRuleId(UNKNOWN)
                .setSeverity(Severity.critical)
                .setAttemptedAt(at)
                .build();
    }

    static String reason(ConsumerRecord<?, ?> record, String problem) {
        return "undecodable alert at " + coordinates(record) + ", not delivered: " + SafeUrl.redactUrlsIn(problem);
    }

    static String problem(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Whether a decoding failure is about the registry being unreachable rather than the bytes being bad: then the
     * record is fine and must be retried later, not skipped.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException || t instanceof IOException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
