package dev.vigil.lifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123456Z");

    private final AlertLifecycleEvent event = AlertLifecycleEvent.newBuilder()
            .setEventId("ev-1").setAction(LifecycleAction.RESOLVE).setAlertId("a-1").setTenantId("acme")
            .setAgentId("did:web:bot").setRuleId("velocity_spike").setActor("alice").setNote("done \u00e9")
            .setResolution(Resolution.false_positive).setOccurredAt(AT).build();

    @Test
    void theCanonicalFormIsTheSortedJsonOfEveryFieldButTheHashWithNulls() {
        AlertLifecycleEvent linked = AuditChain.linked(event, "ab12");

        assertThat(AuditChain.canonicalText(linked)).isEqualTo("{\"action\":\"RESOLVE\",\"actor\":\"alice\","
                + "\"agentId\":\"did:web:bot\",\"alertId\":\"a-1\",\"assignee\":null,\"eventId\":\"ev-1\","
                + "\"note\":\"done \u00e9\",\"occurredAt\":\"2025-03-01T10:00:00.123Z\",\"previousHash\":\"ab12\","
                + "\"resolution\":\"false_positive\",\"ruleId\":\"velocity_spike\",\"tenantId\":\"acme\"}");
    }

    @Test
    void theHashIsTheHexSha256OfTheCanonicalForm() throws Exception {
        AlertLifecycleEvent linked = AuditChain.linked(event, null);

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(AuditChain.canonicalText(linked).getBytes(StandardCharsets.UTF_8)));
        assertThat(linked.getHash()).isEqualTo(expected).hasSize(64);
        assertThat(linked.getPreviousHash()).isNull();
        assertThat(AuditChain.intact(linked)).isTrue();
    }

    @Test
    void linkingLeavesTheGivenEventAloneAndNamesThePredecessor() {
        AlertLifecycleEvent first = AuditChain.linked(event, null);
        AlertLifecycleEvent second = AuditChain.linked(event, first.getHash());

        assertThat(event.getHash()).isNull();
        assertThat(second.getPreviousHash()).isEqualTo(first.getHash());
        assertThat(second.getHash()).isNotEqualTo(first.getHash());
    }

    @Test
    void anyChangedFieldNoLongerMatchesTheHash() {
        AlertLifecycleEvent linked = AuditChain.linked(event, "ab12");

        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setNote("changed").build())).isFalse();
        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setActor("mallory").build())).isFalse();
        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setNote(null).build())).isFalse();
        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setPreviousHash("ab13").build())).isFalse();
        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setOccurredAt(AT.plusMillis(1)).build())).isFalse();
        assertThat(AuditChain.intact(AlertLifecycleEvent.newBuilder(linked).setHash(null).build())).isFalse();
    }

    @Test
    void precisionFinerThanTheStoredMillisecondDoesNotCount() {
        AlertLifecycleEvent linked = AuditChain.linked(event, null);

        AlertLifecycleEvent asStored = AlertLifecycleEvent.newBuilder(linked)
                .setOccurredAt(Instant.parse("2025-03-01T10:00:00.123Z")).build();
        assertThat(AuditChain.intact(asStored)).isTrue();
    }

    /** The example of docs/audit.md, whose hashes were computed there by an independent implementation. */
    @Test
    void theDocumentedExampleHashesAsDocumented() {
        AlertLifecycleEvent acknowledge = AuditChain.linked(AlertLifecycleEvent.newBuilder()
                .setEventId("7f0c1e2a-5b1d-4c8e-9a63-2d4f1b0e8c11").setAction(LifecycleAction.ACKNOWLEDGE)
                .setAlertId("3b6f0c9e2d1a4f7b8c5e0a9d2f6b1c4e").setTenantId("acme")
                .setAgentId("did:web:agents.acme.example:billing-bot").setRuleId("velocity_spike")
                .setActor("alice@acme.example").setNote("on it").setOccurredAt(Instant.parse("2025-03-01T10:15:30.123Z"))
                .build(), null);
        AlertLifecycleEvent resolve = AuditChain.linked(AlertLifecycleEvent.newBuilder(acknowledge)
                .setEventId("c2d9a7e4-0b3f-4e61-8d2a-6f5c3b1e9a07").setAction(LifecycleAction.RESOLVE).setNote("contained")
                .setResolution(Resolution.true_positive).setOccurredAt(Instant.parse("2025-03-01T11:02:00Z")).build(),
                acknowledge.getHash());

        assertThat(acknowledge.getHash()).isEqualTo("bb7f4b749d3709a16c80ec387bad6273af12b83090667736353395596b2e259f");
        assertThat(resolve.getHash()).isEqualTo("e2ca6c578b7473db6159eef107d43c365cf1680343e7484bf9c571c74a33bece");
    }
}
