package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.FleetFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalTrafficTest {

    private final Agent agent = FleetFactory.build(3, 9).agents().get(0);
    private final EventFactory factory = new EventFactory(agent);

    @Test
    void anHourComesOutTheSameEveryTime() {
        long hour = Instant.parse("2025-03-04T10:00:00Z").getEpochSecond() / 3600;

        assertThat(NormalTraffic.hour(factory, hour, 9)).isEqualTo(NormalTraffic.hour(new EventFactory(agent), hour, 9));
        assertThat(NormalTraffic.hour(factory, hour, 10)).isNotEqualTo(NormalTraffic.hour(factory, hour, 9));
    }

    @Test
    void eventsStayInTheirHourInAscendingOrder() {
        long first = Instant.parse("2025-03-03T00:00:00Z").getEpochSecond() / 3600;
        for (long hour = first; hour < first + 24 * 7; hour++) {
            List<AgentEvent> events = NormalTraffic.hour(factory, hour, 9);
            Instant start = Instant.ofEpochSecond(hour * 3600);
            boolean busy = agent.activity().schedule().contains(start);
            assertThat(events.size()).isBetween(busy ? NormalTraffic.BUSY_MIN : 0, busy ? NormalTraffic.BUSY_MAX : NormalTraffic.QUIET_MAX);
            assertThat(events).extracting(AgentEvent::getOccurredAt)
                    .isSorted().allSatisfy(t -> assertThat(t).isBetween(start, start.plusMillis(3_599_999)));
        }
    }
}
