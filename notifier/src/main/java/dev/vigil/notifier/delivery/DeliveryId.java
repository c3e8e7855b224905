package dev.vigil.notifier.delivery;

import dev.vigil.avro.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of one notification, handed to receivers ({@code Idempotency-Key}) and written to the ledger.
 *
 * <p>It is the first 128 bits, in hex, of SHA-256 over {@code alertId, occurrences, lastSeen (epoch ms), channel}
 * joined by NUL. So it is deterministic: reading the same alert record again — after a crash, a rebalance, an
 * uncommitted batch — yields the same key for the same channel, and the receiver can drop the duplicate. A repeat of
 * the alert (the topology folds repeats into it, raising {@code occurrences} and {@code lastSeen}) is news, so it gets
 * a new key; the same alert sent to two channels gets two keys. Hashing keeps the key a fixed 32 characters whatever
 * the ids look like, and does not echo the channel name to a third party.
 */
public final class DeliveryId {

    private DeliveryId() {
    }

    public static String of(Alert alert, String channel) {
        String material = String.join("\u0000", alert.getAlertId(), Long.toString(alert.getOccurrences()),
                Long.toString(alert.getLastSeen().toEpochMilli()), channel);
        return HexFormat.of().formatHex(sha256(material.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** The key of passing one lifecycle event (an acknowledgement, a resolution) on to one channel. */
    public static String ofEvent(String lifecycleEventId, String channel) {
        String material = String.join("\u0000", "lifecycle", lifecycleEventId, channel);
        return HexFormat.of().formatHex(sha256(material.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
