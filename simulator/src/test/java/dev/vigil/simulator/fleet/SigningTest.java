package dev.vigil.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SigningTest {

    private final Signing signing = Signing.draw("k1", Rng.of(5, Purpose.SIGNING_KEY, 1));

    @Test
    void signatureIsByteForByteTheOneReceiptSignaturesMakes() {
        AgentEvent receipt = receipt();

        assertThat(signing.sign(receipt)).isEqualTo(ReceiptSignatures.sign(receipt, signing.keys().getPrivate()));
    }

    @Test
    void signedReceiptVerifiesUnderThePublicKey() {
        AgentEvent receipt = receipt();
        ((ReceiptPayload) receipt.getPayload()).setSignature(signing.sign(receipt));

        assertThat(ReceiptSignatures.verify(receipt, signing.keys().getPublic())).isTrue();
    }

    @Test
    void signatureNoLongerVerifiesOnceTheCostChanges() {
        AgentEvent receipt = receipt();
        ReceiptPayload payload = (ReceiptPayload) receipt.getPayload();
        payload.setSignature(signing.sign(receipt));
        payload.setCostUsd(new BigDecimal("9.990000"));

        assertThat(ReceiptSignatures.verify(receipt, signing.keys().getPublic())).isFalse();
    }

    @Test
    void sameSeedGivesTheSameKey() {
        assertThat(Signing.draw("k1", Rng.of(5, Purpose.SIGNING_KEY, 1)).publicKey()).isEqualTo(signing.publicKey());
        assertThat(Signing.draw("k1", Rng.of(5, Purpose.SIGNING_KEY, 2)).publicKey()).isNotEqualTo(signing.publicKey());
    }

    private static AgentEvent receipt() {
        return new AgentEvent("e-1", "acme", "did:web:agents.acme.example:bot-1", "user:alice@acme.example",
                Instant.parse("2025-03-03T10:00:00.123Z"), "192.0.2.7", new Geo("US", "NY"), Outcome.success,
                new ReceiptPayload("r-1", "openai", "gpt-4o", 1000L, 100L, new BigDecimal("0.003500"), "budget-bot-1", "k1", null));
    }
}
