package dev.vigil.topology.ingest;

import java.util.Objects;

/**
 * The outcome of decoding one raw record: either the value, or the failure. The original key and value bytes
 * travel with it so that a failure reaches the DLQ exactly as it was read (bakdata's "errors as values").
 *
 * @param <V> the decoded type
 */
public final class Decoded<V> {

    private final byte[] rawKey;
    private final byte[] rawValue;
    private final V value;
    private final DecodeFailure failure;

    private Decoded(byte[] rawKey, byte[] rawValue, V value, DecodeFailure failure) {
        this.rawKey = rawKey;
        this.rawValue = rawValue;
        this.value = value;
        this.failure = failure;
    }

    public static <V> Decoded<V> ok(byte[] rawKey, byte[] rawValue, V value) {
        return new Decoded<>(rawKey, rawValue, Objects.requireNonNull(value, "value"), null);
    }

    public static <V> Decoded<V> failed(byte[] rawKey, byte[] rawValue, DecodeFailure failure) {
        return new Decoded<>(rawKey, rawValue, null, Objects.requireNonNull(failure, "failure"));
    }

    public boolean failed() {
        return failure != null;
    }

    /** The decoded value; only on success. */
    public V value() {
        if (failure != null) {
            throw new IllegalStateException("No value: decoding failed (" + failure.reason() + ")");
        }
        return value;
    }

    /** The failure; only when decoding failed. */
    public DecodeFailure failure() {
        if (failure == null) {
            throw new IllegalStateException("No failure: the record decoded");
        }
        return failure;
    }

    public byte[] rawKey() {
        return rawKey;
    }

    public byte[] rawValue() {
        return rawValue;
    }
}
