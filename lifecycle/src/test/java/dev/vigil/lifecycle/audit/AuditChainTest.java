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
}
