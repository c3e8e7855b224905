package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventFactoryTest {

    private static final Fleet FLEET = FleetFactory.build(60, 5);
    private static final Instant AT = Instant.parse("2025-03-03T10:15:00.250Z");

    private final Agent child = FLEET.agents().stream().filter(a -> a.parentAgentId() != null).findFirst().orElseThrow();
    private final Agent parent = FLEET.byId().get(child.parentAgentId());
    private final Agent loner = FLEET.agents().stream()
            .filter(a -> a.parentAgentId() == null && a.children().isEmpty()).findFirst().orElseThrow();

    @Test
    void everyEventLooksLikeItsAgent() {
        EventFactory factory = new EventFactory(loner);
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        for (int i = 0; i < 500; i++) {
            AgentEvent event = factory.next(AT, rng);
            assertThat(event.getAgentId()).isEqualTo(loner.agentId());
            assertThat(event.getTenantId()).isEqualTo(loner.tenantId());
            assertThat(event.getPrincipalId()).isIn(loner.principals());
            assertThat(event.getSourceIp()).isIn(loner.network().sourceIps());
            assertThat(event.getGeo().getCountry()).isEqualTo(loner.network().country());
            assertThat(event.getOccurredAt()).isEqualTo(AT);
        }
    }

    @Test
    void authorizationAsksForExactlyTheGivenScopesUnderTheSessionOfItsAddress() {
        AgentEvent event = new EventFactory(loner).authorization(AT, Rng.of(1, Purpose.TRAFFIC), List.of("a:b", "c:d"), Outcome.denied);
        AuthorizationPayload payload = (AuthorizationPayload) event.getPayload();
        int ip = loner.network().sourceIps().indexOf(event.getSourceIp());

        assertThat(payload.getScopes()).containsExactly("a:b", "c:d");
        assertThat(event.getOutcome()).isEqualTo(Outcome.denied);
        assertThat(payload.getTokenJti()).isEqualTo(Sessions.tokenJti(loner, ip, AT));
        assertThat(payload.getGrantId()).isEqualTo(Sessions.grantId(loner, ip, AT));
        assertThat(payload.getDelegation()).isNull();
    }

    @Test
    void delegatedAgentNamesItsParentInAuthorizations() {
        AgentEvent event = new EventFactory(child).authorization(AT, Rng.of(1, Purpose.TRAFFIC), List.of("x:y"), Outcome.success);
        AuthorizationPayload payload = (AuthorizationPayload) event.getPayload();

        assertThat(payload.getDelegation().getParentAgentId()).isEqualTo(parent.agentId());
        assertThat(payload.getDelegation().getDepth()).isEqualTo(1);
    }

    @Test
    void toolCallUsesOneOfTheAgentsToolsAndMovesNothingWhenItFails() {
        EventFactory factory = new EventFactory(loner);
        Rng rng = Rng.of(2, Purpose.TRAFFIC);
        for (int i = 0; i < 500; i++) {
            AgentEvent event = factory.toolCall(AT, rng);
            ToolCallPayload call = (ToolCallPayload) event.getPayload();
            assertThat(loner.tools()).anySatisfy(tool -> {
                assertThat(tool.action().actionType()).isEqualTo(call.getActionType());
                assertThat(tool.resources()).contains(call.getResource());
                assertThat(tool.action().capability()).isEqualTo(call.getCapability());
            });
            if (event.getOutcome() != Outcome.success) {
                assertThat(call.getBytesRead() + call.getBytesWritten() + call.getRecords()).isZero();
            }
        }
    }

    @Test
    void receiptVerifiesUnderTheKeyInTheAgentsProfile() {
        AgentEvent event = new EventFactory(loner).receipt(AT, Rng.of(3, Purpose.TRAFFIC));
        ReceiptPayload receipt = (ReceiptPayload) event.getPayload();
        String published = loner.profile().getPublicKeys().get(receipt.getKeyId());

        assertThat(ReceiptSignatures.verify(event, dev.vigil.receipt.Ed25519Keys.decodePublic(published))).isTrue();
        assertThat(receipt.getCostUsd().scale()).isEqualTo(6);
    }

    @Test
    void onlyAgentsWithChildrenDelegateAndOnlyToThem() {
        Rng rng = Rng.of(4, Purpose.TRAFFIC);
        EventFactory lonerFactory = new EventFactory(loner);
        EventFactory parentFactory = new EventFactory(parent);

        assertThat(IntStream.range(0, 2_000).mapToObj(i -> lonerFactory.next(AT, rng).getPayload()))
                .noneMatch(DelegationPayload.class::isInstance);
        List<DelegationPayload> delegations = IntStream.range(0, 2_000).mapToObj(i -> parentFactory.next(AT, rng).getPayload())
                .filter(DelegationPayload.class::isInstance).map(DelegationPayload.class::cast).toList();
        assertThat(delegations).isNotEmpty().allSatisfy(d -> assertThat(parent.children()).contains(d.getChildAgentId()));
    }
}
