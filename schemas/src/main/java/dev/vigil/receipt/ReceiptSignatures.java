package dev.vigil.receipt;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

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
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(ReceiptCanonicalForm.of(event));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
