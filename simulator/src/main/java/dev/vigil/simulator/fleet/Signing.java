package dev.vigil.simulator.fleet;

import dev.vigil.avro.AgentEvent;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptCanonicalForm;
import dev.vigil.simulator.random.Rng;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The Ed25519 key an agent's LLM proxy signs its receipts with, and the id its profile publishes it under.
 * Signs with Bouncy Castle rather than {@link dev.vigil.receipt.ReceiptSignatures#sign}: a fortnight of fleet
 * traffic holds tens of thousands of receipts, and the JDK's Ed25519 takes about a millisecond per signature.
 * Ed25519 is deterministic (RFC 8032), so the signature is byte for byte the one ReceiptSignatures would make.
 */
public final class Signing {

    private static final int SEED_BYTES = 32;

    private final String keyId;
    private final KeyPair keys;
    private final Ed25519PrivateKeyParameters privateKey;

    private Signing(String keyId, byte[] seed) {
        this.keyId = keyId;
        this.keys = Ed25519Keys.fromSeed(seed);
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
    }

    /** A key under {@code keyId} whose 32-byte seed is drawn from {@code rng}. */
    public static Signing draw(String keyId, Rng rng) {
        ByteBuffer seed = ByteBuffer.allocate(SEED_BYTES);
        while (seed.hasRemaining()) {
            seed.putLong(rng.nextLong());
        }
        return new Signing(keyId, seed.array());
    }

    public String keyId() {
        return keyId;
    }

    /** The JDK form of the key pair, for verifying with {@link dev.vigil.receipt.ReceiptSignatures}. */
    public KeyPair keys() {
        return keys;
    }

    /** The public key as the profile carries it (raw, base64url without padding). */
    public String publicKey() {
        return Ed25519Keys.encodePublic(keys.getPublic());
    }

    /** The base64url signature of a receipt event over its canonical form (DESIGN.md, ingest format). */
    public String sign(AgentEvent receipt) {
        byte[] message = ReceiptCanonicalForm.of(receipt);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }
}
