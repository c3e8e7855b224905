package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import dev.vigil.simulator.random.Rng;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * What behaviour attacks need to know about an agent's habits to be "far above its usual" on one figure. The
 * figures are the agent's own expectations, from the same parameters its normal traffic is drawn from, so a
 * test can check each attack's factor against them.
 */
final class Habits {

    /** Request bodies scatter log-normally around 600 bytes with σ 0.6 (see EventFactory). */
    private static final double REQUEST_MEAN_BYTES = 600 * Math.exp(0.6 * 0.6 / 2);
    /** Bytes moved scatter log-normally around the habit's median with σ 0.8. */
    private static final double MOVED_MEAN_FACTOR = Math.exp(0.8 * 0.8 / 2);

    private Habits() {
    }

    /** The agent's events per hour inside its window, before the conditioning on 15–30 that changes it little. */
    static double eventsPerHour(Agent agent) {
        return agent.activity().busyRate();
    }

    /**
     * How many events the agent makes from {@code from} to {@code to}, on average: its busy rate for each UTC
     * hour inside its window, its quiet rate for the others (windows open and close on whole hours).
     */
    static double expectedEvents(Agent agent, Instant from, Instant to) {
        double events = 0;
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(Duration.ofHours(1))) {
            double rate = agent.activity().schedule().contains(hour) ? agent.activity().busyRate() : agent.activity().quietRate();
            Instant start = hour.isBefore(from) ? from : hour;
            Instant end = hour.plus(Duration.ofHours(1)).isAfter(to) ? to : hour.plus(Duration.ofHours(1));
            events += rate * Duration.between(start, end).toMillis() / 3_600_000.0;
        }
        return events;
    }

    /** The share of its events that are receipts. */
    static double receiptShare(Agent agent) {
        double[] weights = agent.mix().weights(!agent.children().isEmpty());
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        return weights[2] / total;
    }

    /** The tool it calls most. */
    static ToolHabit busiest(Agent agent) {
        return agent.tools().stream().max(Comparator.comparingDouble(ToolHabit::weight)).orElseThrow();
    }

    /** Its read tool it calls most, or its busiest tool when it has none that read. */
    static ToolHabit busiestRead(Agent agent) {
        return readsOrAll(agent).stream().max(Comparator.comparingDouble(ToolHabit::weight)).orElseThrow();
    }

    /** Its read tools, or all its tools when it has none that read. */
    static List<ToolHabit> readsOrAll(Agent agent) {
        List<ToolHabit> reads = agent.tools().stream().filter(h -> !h.action().writes()).toList();
        return reads.isEmpty() ? agent.tools() : reads;
    }

    /** The habit of {@code habits} picked in proportion to how often the agent uses it. */
    static ToolHabit pick(List<ToolHabit> habits, Rng rng) {
        return habits.get(rng.weighted(habits.stream().mapToDouble(ToolHabit::weight).toArray()));
    }

    /** The largest of its tools' median latencies. */
    static double slowestMedianLatencyMs(Agent agent) {
        return agent.tools().stream().mapToDouble(ToolHabit::latencyMedianMs).max().orElseThrow();
    }

    /** The largest of its tools' median bytes moved per call. */
    static double largestMedianBytes(Agent agent) {
        return agent.tools().stream().mapToDouble(ToolHabit::bytesMedian).max().orElseThrow();
    }

    /** The largest of its tools' median records per call. */
    static double largestMedianRecords(Agent agent) {
        return agent.tools().stream().mapToDouble(ToolHabit::recordsMedian).max().orElseThrow();
    }

    /** The mean payload of a call to {@code habit}: the request, plus the bytes written for a write. */
    static double meanPayloadBytes(ToolHabit habit) {
        return REQUEST_MEAN_BYTES + (habit.action().writes() ? habit.bytesMedian() * MOVED_MEAN_FACTOR : 0);
    }

    /** The largest mean payload over its tools. */
    static double largestMeanPayloadBytes(Agent agent) {
        return agent.tools().stream().mapToDouble(Habits::meanPayloadBytes).max().orElseThrow();
    }

    static ToolCallPayload payload(AgentEvent toolCall) {
        return (ToolCallPayload) toolCall.getPayload();
    }
}
