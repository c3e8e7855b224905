package dev.vigil.topology.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Alert ids that depend only on the input, so a replay yields the same ids: the first 32 hex characters
 * (128 bits) of SHA-256 over the UTF-8 bytes of {@code agentId}, a zero byte, {@code ruleId}, a zero byte and
 * the id of the event that opened the alert. The zero bytes keep ("a", "bc") and ("ab", "c") apart.
 */
public final class AlertIds {

    private static final int HEX_CHARS = 32;

    private AlertIds() {
    }

    public static String of(String agentId, String ruleId, String openingEventId) {
        MessageDigest sha256 = sha256();
        sha256.update(agentId.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(ruleId.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(openingEventId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest()).substring(0, HEX_CHARS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
