package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SyntheticFleetTest {

    private static final int TOTAL = 600;
    private static final SyntheticFleet FLEET = new SyntheticFleet(20, 7);
    private static final List<AgentEvent> EVENTS =
            LongStream.range(0, TOTAL).mapToObj(n -> FLEET.event(n, TOTAL)).toList();

    private static List<AgentEvent> events() {
        return EVENTS;
    }

    @Test
    void givesTheSameEventForTheSameNumberAndSeed() {
        assertThat(new SyntheticFleet(20, 7).event(123, TOTAL)).isEqualTo(FLEET.event(123, TOTAL));
        assertThat(new SyntheticFleet(20, 8).event(123, TOTAL)).isNotEqualTo(FLEET.event(123, TOTAL));
    }

    @Test
    void mixesAllFourKindsOfEvent() {
        Set<String> kinds = events().stream().map(e -> e.getPayload().getClass().getSimpleName()).collect(Collectors.toSet());

        assertThat(kinds).containsExactlyInAnyOrder("AuthorizationPayload", "ToolCallPayload", "ReceiptPayload",
                "DelegationPayload");
    }

    @Test
    void emitsEventsInEventTimeOrderFromRegisteredAgents() {
        Set<String> registered = FLEET.profiles().stream().map(AgentProfile::getAgentId).collect(Collectors.toSet());
        List<AgentEvent> events = events();

        assertThat(events).extracting(AgentEvent::getOccurredAt).isSorted();
        assertThat(events).extracting(AgentEvent::getAgentId).allMatch(registered::contains);
        assertThat(events).extracting(AgentEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void signsReceiptsWithTheKeyInTheAgentsProfile() {
        Map<String, AgentProfile> profiles = FLEET.profiles().stream()
                .collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        List<AgentEvent> receipts = events().stream().filter(e -> e.getPayload() instanceof ReceiptPayload).toList();

        assertThat(receipts).isNotEmpty().allSatisfy(receipt -> {
            String key = profiles.get(receipt.getAgentId()).getPublicKeys().get(SyntheticFleet.KEY_ID);
            assertThat(ReceiptSignatures.verify(receipt, Ed25519Keys.decodePublic(key))).isTrue();
            assertThat(((ReceiptPayload) receipt.getPayload()).getCostUsd().scale()).isEqualTo(6);
        });
    }
}
