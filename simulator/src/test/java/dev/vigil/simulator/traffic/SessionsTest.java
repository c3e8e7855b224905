package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private final Agent agent = FleetFactory.build(1, 3).agents().get(0);
    private final Instant at = Instant.parse("2025-03-03T10:15:00Z");

    @Test
    void tokenIsReusedWithinTheHourFromTheSameAddress() {
        assertThat(Sessions.tokenJti(agent, 0, at.plusSeconds(2_000))).isEqualTo(Sessions.tokenJti(agent, 0, at));
    }

    @Test
    void tokenChangesWithTheHourAndTheAddress() {
        assertThat(Sessions.tokenJti(agent, 0, at.plusSeconds(3_600))).isNotEqualTo(Sessions.tokenJti(agent, 0, at));
        assertThat(Sessions.tokenJti(agent, 1, at)).isNotEqualTo(Sessions.tokenJti(agent, 0, at));
    }

    @Test
    void grantLastsTheUtcDayForOneAddress() {
        assertThat(Sessions.grantId(agent, 0, at.plusSeconds(40_000))).isEqualTo(Sessions.grantId(agent, 0, at));
        assertThat(Sessions.grantId(agent, 0, at.plusSeconds(86_400))).isNotEqualTo(Sessions.grantId(agent, 0, at));
        assertThat(Sessions.grantId(agent, 1, at)).isNotEqualTo(Sessions.grantId(agent, 0, at));
        assertThat(Sessions.grantId(agent, 0, at)).matches("grant-[0-9a-f]{16}");
    }

    @Test
    void anAgentSharingAGrantUsesItFromItsFirstTwoAddressesOnly() {
        Agent shared = FleetFactory.build(60, 3).agents().stream()
                .filter(a -> a.network().sharedGrant() && a.network().sourceIps().size() == 3).findFirst().orElseThrow();

        assertThat(Sessions.grantId(shared, 1, at)).isEqualTo(Sessions.grantId(shared, 0, at));
        assertThat(Sessions.grantId(shared, 2, at)).isNotEqualTo(Sessions.grantId(shared, 0, at));
        assertThat(Sessions.tokenJti(shared, 1, at)).as("tokens stay per address").isNotEqualTo(Sessions.tokenJti(shared, 0, at));
    }
}
