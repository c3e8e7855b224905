package dev.vigil.lifecycle.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The secret the lifecycle instances share for their internal calls, sent in {@value #HEADER}. Only its SHA-256 is
 * kept for checking, compared in constant time (digests of equal length, so neither the secret's length nor its
 * prefix leaks through timing); the value itself is kept only to send it, and {@link #toString()} never shows it.
 */
public final class ClusterSecret {

    public static final String HEADER = "X-Vigil-Cluster-Secret";
    public static final ClusterSecret NONE = new ClusterSecret(null);

    private final String value;
    private final byte[] digest;

    private ClusterSecret(String value) {
        this.value = value;
        this.digest = value == null ? null : sha256(value);
    }

    /** {@code value} null or blank: no secret, every internal call refused. */
    public static ClusterSecret of(String value) {
        return value == null || value.isBlank() ? NONE : new ClusterSecret(value);
    }

    public boolean configured() {
        return value != null;
    }

    /** Whether {@code presented} is the secret; false for null, and always false when no secret is configured. */
    public boolean matches(String presented) {
        if (digest == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The value to send; empty when none is configured. */
    Optional<String> value() {
        return Optional.ofNullable(value);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "ClusterSecret[set]" : "ClusterSecret[unset]";
    }
}
