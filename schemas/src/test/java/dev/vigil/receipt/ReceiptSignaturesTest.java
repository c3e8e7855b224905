package dev.vigil.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReceiptSignaturesTest {

    private static final KeyPair KEYS = Ed25519Keys.fromSeed("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static AgentEvent receipt(String cost) {
        return AgentEvent.newBuilder().setEventId("e-1").setTenantId("t1").setAgentId("did:web:a")
                .setPrincipalId(null).setOccurredAt(Instant.parse("2026-11-20T10:15:30.123Z"))
                .setSourceIp("10.0.0.1").setGeo(new Geo("US", null)).setOutcome(Outcome.success)
                .setPayload(ReceiptPayload.newBuilder().setReceiptId("r-1").setProvider("openai").setModel("gpt-4o")
                        .setInputTokens(100).setOutputTokens(20).setCostUsd(new BigDecimal(cost)).setBudgetId(null)
                        .setKeyId("k1").setSignature(null).build())
                .build();
    }

    @Test
    void canonicalFormHoldsEveryFieldSortedWithNullsAndTheMillisecondTimestamp() {
        assertThat(ReceiptCanonicalForm.asText(receipt("0.080000"))).isEqualTo(
                "{\"agentId\":\"did:web:a\",\"budgetId\":null,\"costUsd\":0.08,\"eventId\":\"e-1\","
                + "\"geo\":{\"country\":\"US\",\"region\":null},\"inputTokens\":100,\"keyId\":\"k1\",\"model\":\"gpt-4o\","
                + "\"occurredAt\":\"2026-11-20T10:15:30.123Z\",\"outcome\":\"success\",\"outputTokens\":20,"
                + "\"principalId\":null,\"provider\":\"openai\",\"receiptId\":\"r-1\",\"sourceIp\":\"10.0.0.1\","
                + "\"tenantId\":\"t1\",\"type\":\"receipt\"}");
    }

    @Test
    void aSignedReceiptVerifiesAndATamperedOneDoesNot() {
        AgentEvent event = receipt("0.080000");
        ((ReceiptPayload) event.getPayload()).setSignature(ReceiptSignatures.sign(event, KEYS.getPrivate()));
        assertThat(ReceiptSignatures.verify(event, KEYS.getPublic())).isTrue();

        ((ReceiptPayload) event.getPayload()).setCostUsd(new BigDecimal("0.090000"));
        assertThat(ReceiptSignatures.verify(event, KEYS.getPublic())).isFalse();
    }

    @Test
    void publicKeySurvivesTheProfileEncodingAndSeedsAreDeterministic() {
        String encoded = Ed25519Keys.encodePublic(KEYS.getPublic());
        assertThat(encoded).hasSize(43).doesNotContain("=");
        assertThat(Ed25519Keys.decodePublic(encoded)).isEqualTo(KEYS.getPublic());
        KeyPair again = Ed25519Keys.fromSeed("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(Arrays.equals(again.getPublic().getEncoded(), KEYS.getPublic().getEncoded())).isTrue();

        AgentEvent event = receipt("1.5");
        ((ReceiptPayload) event.getPayload()).setSignature(ReceiptSignatures.sign(event, again.getPrivate()));
        assertThat(ReceiptSignatures.verify(event, Ed25519Keys.decodePublic(encoded))).isTrue();
    }
}
