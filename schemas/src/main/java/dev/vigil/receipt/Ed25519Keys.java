package dev.vigil.receipt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the form profiles carry them: the raw 32-byte key, base64url without padding (a JWK's
 * {@code x} and {@code d}). Converts to and from the JDK's encoded keys by their fixed DER prefixes.
 */
public final class Ed25519Keys {

    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final int KEY_LENGTH = 32;

    private Ed25519Keys() {
    }

    /** A key pair derived deterministically from {@code seed} (32 bytes), so simulated fleets are reproducible. */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, new FixedSeedRandom(seed));
            KeyPair derived = generator.generateKeyPair();
            return new KeyPair(derived.getPublic(), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** The raw public key as base64url without padding. */
    public static String encodePublic(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length));
    }

    /** Parses a raw base64url public key; {@link IllegalArgumentException} with the reason when malformed. */
    public static PublicKey decodePublic(String base64Url) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64url: " + e.getMessage());
        }
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, this one " + raw.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands the key generator exactly the seed, so the derived public key matches the private key. */
    private static final class FixedSeedRandom extends SecureRandom {
        private final byte[] seed;

        FixedSeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
