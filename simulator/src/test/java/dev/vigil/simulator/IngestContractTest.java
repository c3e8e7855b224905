package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code vigil simulate} writes must read back as the same records, and receipts must still verify. */
class IngestContractTest {

    private final Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(30, Instant.parse("2025-03-07T00:00:00Z"),
            Instant.parse("2025-03-09T00:00:00Z")).seed(8).attacksPerKind(2).build());

    @Test
    void everyEventSurvivesTheJsonLinesRoundTrip() {
        Map<String, AgentProfile> profiles = simulation.profiles().stream()
                .collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        long receipts = 0;
        for (Iterator<AgentEvent> it = simulation.events(); it.hasNext(); ) {
            AgentEvent event = it.next();
            AgentEvent read = EventJson.parse(EventJson.write(event));
            assertThat(read).isEqualTo(event);
            if (read.getPayload() instanceof ReceiptPayload receipt && profiles.containsKey(read.getAgentId())) {
                String key = profiles.get(read.getAgentId()).getPublicKeys().get(receipt.getKeyId());
                assertThat(ReceiptSignatures.verify(read, Ed25519Keys.decodePublic(key))).isTrue();
                receipts++;
            }
        }
        assertThat(receipts).isGreaterThan(100);
    }

    @Test
    void everyProfileSurvivesTheJsonRoundTripIncludingAgentsWithoutAWindow() {
        assertThat(simulation.profiles()).anyMatch(p -> p.getOperatingWindow() == null);
        for (AgentProfile profile : simulation.profiles()) {
            assertThat(ProfileJson.parse(ProfileJson.write(profile))).isEqualTo(profile);
        }
    }
}
