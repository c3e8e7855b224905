package dev.vigil.notifier.redrive;

import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which (alert, channel) notifications are still failed, folded from the delivery ledger read in its order. The ledger
 * is keyed by alertId, so every record of one alert sits in one partition in the order it was written; the last
 * record that settles a pair decides: a {@code failed} send of the alert leaves it to re-send, anything else takes it
 * off the list.
 *
 * <p>What is re-sent is the alert on its own (trigger {@code alert}); a failed group, digest, acknowledgement or
 * resolution is a different notification, which the redrive does not rebuild. The records that settle a pair:
 * <ul>
 *   <li>of the alert sent on its own: {@code failed}, and {@code delivered} — also when a later version of the alert
 *       (a repeat) got through, as the receiver then has the newer one; {@code filtered} and {@code silenced}, where
 *       the channel's owner or a silence decided against it; {@code retrying}, where the notifier holds a delivery
 *       in hand (or will after its restart), so the pair is not the redrive's to send;</li>
 *   <li>{@code delivered} with trigger {@code group}: the alert reached the receiver inside a group;</li>
 *   <li>any acknowledgement or resolution passed to the channel: re-sending the alert after it would reopen what
 *       the receiver was told is handled (PagerDuty would trigger a new incident).</li>
 * </ul>
 * A {@code suppressed} record (a repeat within the channel's repeat interval, or a member rolled into a digest)
 * settles nothing: the repeat timer starts with the earlier send whether or not it got through, so after a failure
 * the receiver still has nothing. The decoder's records for undecodable alert bytes (key {@code undecodable:…}) have
 * no alert to send and are left out.
 */
public final class StillFailed {

    static final String TRIGGER_ALERT = "alert";
    static final String TRIGGER_GROUP = "group";
    static final String TRIGGER_ACKNOWLEDGE = "acknowledge";
    static final String TRIGGER_RESOLVE = "resolve";
    static final String UNDECODABLE_PREFIX = "undecodable:";

    private final Map<Pair, NotificationRecord> last = new LinkedHashMap<>();

    private record Pair(String alertId, String channel) {
    }

    /** Takes the next ledger record (in partition order). */
    public void add(NotificationRecord record) {
        if (counts(record)) {
            last.put(new Pair(record.getAlertId(), record.getChannel()), record);
        }
    }

    /** The pairs whose settling record is a failed send of the alert, oldest failure first. */
    public List<FailedDelivery> result() {
        return last.values().stream()
                .filter(r -> TRIGGER_ALERT.equals(r.getTrigger()) && r.getOutcome() == DeliveryOutcome.failed)
                .map(r -> new FailedDelivery(r.getAlertId(), r.getChannel(), r.getDeliveryId(), r.getAttemptedAt(), r.getReason()))
                .sorted(Comparator.comparing(FailedDelivery::failedAt).thenComparing(FailedDelivery::alertId)
                        .thenComparing(FailedDelivery::channel))
                .toList();
    }

    private static boolean counts(NotificationRecord record) {
        if (record.getAlertId().startsWith(UNDECODABLE_PREFIX)) {
            return false;
        }
        return switch (record.getTrigger()) {
            case TRIGGER_ALERT -> switch (record.getOutcome()) {
                case delivered, failed, filtered, silenced, retrying -> true;
                case suppressed, unknown -> false;
            };
            case TRIGGER_GROUP -> record.getOutcome() == DeliveryOutcome.delivered;
            case TRIGGER_ACKNOWLEDGE, TRIGGER_RESOLVE -> true;
            default -> false;
        };
    }
}
