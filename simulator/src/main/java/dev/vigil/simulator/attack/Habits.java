package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Activity;
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
    static final double MOVED_MEAN_FACTOR = Math.exp(0.8 * 0.8 / 2);
    /** Records scatter log-normally around the habit's median with σ 0.7. */
    static final double RECORDS_MEAN_FACTOR = Math.exp(0.7 * 0.7 / 2);
    private static final double DAY_MILLIS = 86_400_000.0;

    private Habits() {
    }

    /**
     * The agent's events in a working hour at {@code at} of a run that started at {@code runStart}: a cron agent's
     * hourly burst, or a Poisson agent's rate grown since the run started (the conditioning of an hour's count on
     * its bounds changes it little). It does nothing outside its hours.
     */
    static double eventsPerHour(Agent agent, Instant runStart, Instant at) {
        Activity activity = agent.activity();
        if (activity.cron() != null) {
            return activity.cron().size();
        }
        return activity.busyRate() * activity.growth(Duration.between(runStart, at).toMillis() / DAY_MILLIS);
    }

    /** The most events a quarter of an hour of the agent's usually holds: a cron agent's burst, else a fourth. */
    static double busiestQuarter(Agent agent, Instant runStart, Instant at) {
        double perHour = eventsPerHour(agent, runStart, at);
        return agent.activity().cron() != null ? perHour : perHour / 4;
    }

    /**
     * How many events the agent makes from {@code runStart} to {@code to}, on average: an hour's worth for each UTC
     * hour inside its window (windows open and close on whole hours), none outside.
     */
    static double expectedEvents(Agent agent, Instant runStart, Instant to) {
        double events = 0;
        Duration oneHour = Duration.ofHours(1);
        for (Instant hour = runStart.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(oneHour)) {
            if (agent.activity().schedule().contains(hour)) {
                Instant start = hour.isBefore(runStart) ? runStart : hour;
                Instant end = hour.plus(Duration.ofHours(1)).isAfter(to) ? to : hour.plus(Duration.ofHours(1));
                events += eventsPerHour(agent, runStart, hour) * Duration.between(start, end).toMillis() / 3_600_000.0;
            }
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
