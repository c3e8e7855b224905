package dev.vigil.receipt;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Signs and verifies receipt events per DESIGN.md: base64url (no padding) Ed25519 over the canonical form. */
public final class ReceiptSignatures {

    private ReceiptSignatures() {
    }

    /** The signature of {@code event} (its own signature field is ignored). */
    public static String sign(AgentEvent event, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(ReceiptCanonicalForm.of(event));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True when the receipt's signature is well-formed and verifies under {@code key}. */
    public static boolean verify(AgentEvent event, PublicKey key) {
        ReceiptPayload receipt = (ReceiptPayload) event.getPayload();
        if (receipt.getSignature() == null) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(receipt.getSignature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] raw = rawKey(key);
        if (raw == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        byte[] message = ReceiptCanonicalForm.of(event);
        try {
            return Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The raw 32 bytes of an Ed25519 public key (the end of its X.509 encoding), or null for another kind of key.
     * Verification uses BouncyCastle's RFC 8032 implementation on them, several times faster than the JDK provider's
     * (a receipt is verified on the hot path of detection); both accept exactly the same signatures.
     */
    private static byte[] rawKey(PublicKey key) {
        if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
            return null;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length < Ed25519.PUBLIC_KEY_SIZE) {
            return null;
        }
        return Arrays.copyOfRange(encoded, encoded.length - Ed25519.PUBLIC_KEY_SIZE, encoded.length);
    }
}
