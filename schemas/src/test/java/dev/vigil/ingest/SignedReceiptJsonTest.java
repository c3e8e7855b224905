package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A receipt signed by a producer over the canonical JSON of DESIGN.md, written here by hand rather than by
 * {@code ReceiptCanonicalForm}, so the test holds the mapping to the contract and not to itself.
 */
class SignedReceiptJsonTest {

    private static final KeyPair KEYS = Ed25519Keys.fromSeed("vigil-test-seed-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static final String CANONICAL = "{\"agentId\":\"did:web:a\",\"budgetId\":null,\"costUsd\":0.08,"
            + "\"eventId\":\"e-1\",\"geo\":{\"country\":\"US\",\"region\":null},\"inputTokens\":100,\"keyId\":\"k1\","
            + "\"model\":\"gpt-4o\",\"occurredAt\":\"2026-11-20T10:15:30.123Z\",\"outcome\":\"success\","
            + "\"outputTokens\":20,\"principalId\":null,\"provider\":\"openai\",\"receiptId\":\"r-1\","
            + "\"sourceIp\":\"10.0.0.1\",\"tenantId\":\"t1\",\"type\":\"receipt\"}";

    /** The producer's line: its own field order, an offset timestamp, the cost as a string, an extra field. */
    private static String line(String signature, String cost) {
        return "{\"type\":\"receipt\",\"keyId\":\"k1\",\"signature\":\"" + signature + "\",\"costUsd\":\"" + cost + "\","
                + "\"receiptId\":\"r-1\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"inputTokens\":100,\"outputTokens\":20,"
                + "\"eventId\":\"e-1\",\"tenantId\":\"t1\",\"agentId\":\"did:web:a\",\"occurredAt\":\"2026-11-20T12:15:30.123+02:00\","
                + "\"sourceIp\":\"10.0.0.1\",\"geo\":{\"country\":\"US\"},\"outcome\":\"success\",\"gateway\":\"edge-3\"}";
    }

    private static String sign(String canonical) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(KEYS.getPrivate());
        signer.update(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    @Test
    void aReceiptSignedOverTheCanonicalFormVerifiesAfterParsing() throws GeneralSecurityException {
        AgentEvent event = EventJson.parse(line(sign(CANONICAL), "0.08"));
        assertThat(ReceiptSignatures.verify(event, KEYS.getPublic())).isTrue();
    }

    @Test
    void itStillVerifiesAfterVigilWritesAndReadsItAgain() throws GeneralSecurityException {
        AgentEvent event = EventJson.parse(line(sign(CANONICAL), "0.080"));
        AgentEvent again = EventJson.parse(EventJson.write(event));
        assertThat(ReceiptSignatures.verify(again, KEYS.getPublic())).isTrue();
    }

    @Test
    void aChangedCostNoLongerVerifies() throws GeneralSecurityException {
        AgentEvent event = EventJson.parse(line(sign(CANONICAL), "0.09"));
        assertThat(ReceiptSignatures.verify(event, KEYS.getPublic())).isFalse();
    }
}
