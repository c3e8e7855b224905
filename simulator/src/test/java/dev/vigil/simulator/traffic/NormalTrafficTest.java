package dev.vigil.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Fleet;
import dev.vigil.simulator.fleet.FleetFactory;
import dev.vigil.simulator.fleet.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NormalTrafficTest {

    private static final Instant RUN_START = Instant.parse("2025-03-03T00:00:00Z");
    private static final long FIRST_HOUR = RUN_START.getEpochSecond() / 3600;
    private static final Fleet FLEET = FleetFactory.build(200, 9);

    private final Agent agent = steady(Schedule.Kind.OFFICE);
    private final EventFactory factory = new EventFactory(agent);

    @Test
    void anHourComesOutTheSameEveryTime() {
        long hour = factory.firstHour(RUN_START) + 24 + 2;

        assertThat(NormalTraffic.hour(factory, hour, 9, RUN_START))
                .isEqualTo(NormalTraffic.hour(new EventFactory(agent), hour, 9, RUN_START));
        assertThat(NormalTraffic.hour(factory, hour, 10, RUN_START)).isNotEqualTo(NormalTraffic.hour(factory, hour, 9, RUN_START));
    }

    @Test
    void eventsStayInTheirHourInAscendingOrderAndNoneOutsideTheWindow() {
        for (long hour = FIRST_HOUR; hour < FIRST_HOUR + 24 * 7; hour++) {
            List<AgentEvent> events = NormalTraffic.hour(factory, hour, 9, RUN_START);
            Instant start = Instant.ofEpochSecond(hour * 3600);
            boolean busy = agent.activity().schedule().contains(start);
            boolean first = hour == factory.firstHour(RUN_START);
            assertThat(events.size()).isBetween(busy ? NormalTraffic.BUSY_MIN : 0,
                    busy ? Math.max(NormalTraffic.BUSY_MAX, first ? factory.coveringSize() : 0) : 0);
            assertThat(events).extracting(AgentEvent::getOccurredAt)
                    .isSorted().allSatisfy(t -> assertThat(t).isBetween(start, start.plusMillis(3_599_999)));
        }
    }

    @Test
    void theFirstWorkingHourUsesEveryToolModelPrincipalAndAddress() {
        for (Agent each : FLEET.agents().subList(0, 40)) {
            EventFactory own = new EventFactory(each);
            long first = own.firstHour(RUN_START);
            List<AgentEvent> events = NormalTraffic.hour(own, first, 9, RUN_START);

            assertThat(events.stream().map(AgentEvent::getPayload).filter(ToolCallPayload.class::isInstance)
                    .map(p -> ((ToolCallPayload) p).getActionType()).collect(Collectors.toSet()))
                    .containsAll(each.tools().stream().map(t -> t.action().actionType()).toList());
            assertThat(events.stream().map(AgentEvent::getPayload).filter(ReceiptPayload.class::isInstance)
                    .map(p -> ((ReceiptPayload) p).getModel()).collect(Collectors.toSet()))
                    .contains(each.models().everyday().name(), each.models().heavy().name());
            assertThat(events).extracting(AgentEvent::getPrincipalId).containsAll(each.principals());
            assertThat(events).extracting(AgentEvent::getSourceIp).containsAll(each.network().sourceIps());
            if (first > FIRST_HOUR) {
                assertThat(NormalTraffic.hour(own, first - 1, 9, RUN_START)).isEmpty();
            }
        }
    }

    @Test
    void theFirstHourIsCoveredFromTheRunStartEvenWhenTheRunStartsMidHour() {
        Agent always = FLEET.agents().get(2);
        Instant midHour = RUN_START.plus(Duration.ofMinutes(50));
        EventFactory own = new EventFactory(always);
        List<AgentEvent> events = NormalTraffic.hour(own, FIRST_HOUR, 9, midHour).stream()
                .filter(e -> !e.getOccurredAt().isBefore(midHour)).toList();

        assertThat(always.activity().schedule().kind()).isEqualTo(Schedule.Kind.ALWAYS_ON);
        assertThat(events).hasSizeGreaterThanOrEqualTo(own.coveringSize());
        assertThat(events.stream().map(AgentEvent::getPayload).filter(ToolCallPayload.class::isInstance)
                .map(p -> ((ToolCallPayload) p).getActionType()).collect(Collectors.toSet()))
                .hasSize(always.tools().size());
    }

    @Test
    void aCronAgentBurstsAtTheTopOfEveryHour() {
        Agent cron = FLEET.agents().stream().filter(a -> a.activity().cron() != null).findFirst().orElseThrow();
        var burst = cron.activity().cron();
        EventFactory own = new EventFactory(cron);
        for (long hour = FIRST_HOUR + 1; hour < FIRST_HOUR + 48; hour++) {
            List<AgentEvent> events = NormalTraffic.hour(own, hour, 9, RUN_START);
            Instant top = Instant.ofEpochSecond(hour * 3600);

            assertThat(events.size()).isBetween((int) Math.floor(burst.size() * 0.9), (int) Math.ceil(burst.size() * 1.1));
            assertThat(events).allSatisfy(e -> assertThat(e.getOccurredAt())
                    .isBetween(top, top.plusSeconds(burst.jitterSeconds() + burst.lengthSeconds())));
        }
    }

    @Test
    void aGrowingAgentGrowsSteadilyDayByDay() {
        Agent growing = FLEET.agents().stream()
                .filter(a -> a.activity().growthPerDay() > 0 && a.activity().schedule().kind() == Schedule.Kind.ALWAYS_ON)
                .findFirst().orElseThrow();
        EventFactory own = new EventFactory(growing);
        double[] perDay = new double[14];
        for (int day = 0; day < 14; day++) {
            for (int h = 1; h <= 24; h++) {
                perDay[day] += NormalTraffic.hour(own, FIRST_HOUR + day * 24L + h, 9, RUN_START).size();
            }
        }
        double expected = Math.pow(1 + growing.activity().growthPerDay(), 13);
        double firstThree = (perDay[0] + perDay[1] + perDay[2]) / 3;
        double lastThree = (perDay[11] + perDay[12] + perDay[13]) / 3;

        assertThat(lastThree / firstThree).isBetween(expected * 0.75, expected * 1.25).isGreaterThan(1.3);
        for (int day = 1; day < 14; day++) {
            assertThat(perDay[day] / perDay[day - 1]).as("day %d over the day before", day).isBetween(0.8, 1.3);
        }
    }

    private static Agent steady(Schedule.Kind kind) {
        return FLEET.agents().stream().filter(a -> a.activity().schedule().kind() == kind)
                .filter(a -> a.activity().growthPerDay() == 0 && a.activity().schedule().declared())
                .findFirst().orElseThrow();
    }
}
