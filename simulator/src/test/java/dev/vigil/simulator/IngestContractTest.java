package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.ingest.EventJson;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.receipt.Ed25519Keys;
import dev.vigil.receipt.ReceiptSignatures;
import dev.vigil.simulator.attack.AttackCatalogue;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@code vigil simulate} writes must read back as the same records, and receipts must still verify — all
 * but the forged ones, which must still fail.
 */
class IngestContractTest {

    /** Two days hold every kind but those waiting for a calibrated agent on every host. */
    private static final Set<String> KINDS = FleetSimulator.attackKinds().stream()
            .filter(k -> FleetFactory.build(30, 8).agents().stream().anyMatch(a -> !AttackCatalogue.kind(k).needsCalibration(a)))
            .collect(Collectors.toSet());

    private final Simulation simulation = FleetSimulator.generate(SimulationSpec.builder(30, Instant.parse("2025-03-07T00:00:00Z"),
            Instant.parse("2025-03-09T00:00:00Z")).seed(8).attacksPerKind(2).attackKinds(KINDS).build());

    @Test
    void everyEventSurvivesTheJsonLinesRoundTrip() {
        Map<String, AgentProfile> profiles = simulation.profiles().stream()
                .collect(Collectors.toMap(AgentProfile::getAgentId, Function.identity()));
        Set<String> forged = simulation.attacks().stream().filter(a -> a.rule().equals("signature_failure"))
                .flatMap(a -> a.events().stream()).map(AgentEvent::getEventId).collect(Collectors.toSet());
        assertThat(forged).isNotEmpty();
        long receipts = 0;
        for (Iterator<AgentEvent> it = simulation.events(); it.hasNext(); ) {
            AgentEvent event = it.next();
            AgentEvent read = EventJson.parse(EventJson.write(event));
            assertThat(read).isEqualTo(event);
            if (read.getPayload() instanceof ReceiptPayload receipt && profiles.containsKey(read.getAgentId())) {
                String key = profiles.get(read.getAgentId()).getPublicKeys().get(receipt.getKeyId());
                boolean verifies = key != null && ReceiptSignatures.verify(read, Ed25519Keys.decodePublic(key));
                assertThat(verifies).as("%s", read).isEqualTo(!forged.contains(read.getEventId()));
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
