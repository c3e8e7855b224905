package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code latency_spike}: for 20–35 minutes, the tool the agent calls most answers 12–30 times slower than its usual
 * median, and at least 10 times slower than the median of the agent's slowest tool — a degraded dependency, or a
 * tool call redirected through someone else's proxy. The agent makes {@value #MIN_CALLS}–{@value #MAX_CALLS}
 * such calls, a few more than it usually makes to that tool in that time.
 *
 * <p>The tool is its busiest, so its baseline is the best known; it is one the agent always uses (a new tool
 * would be new_tool_usage), and the calls otherwise look like its own (resources, sizes, outcomes). Being at
 * least 10× every tool's median, the calls also stand out to a detector that keeps one latency baseline for
 * the whole agent.
 */
public final class LatencySpikeAttack implements AttackKind {

    public static final String RULE = "latency_spike";
    static final int MIN_CALLS = 8;
    static final int MAX_CALLS = 14;
    static final double MIN_FACTOR = 12;
    static final double MAX_FACTOR = 30;
    static final double MIN_FACTOR_OVER_SLOWEST = 10;

    @Override
    public String rule() {
        return RULE;
    }

    @Override
    public boolean needsHistory() {
        return true;
    }

    @Override
    public boolean needsCalibration(Agent target) {
        return true;
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        Duration length = Duration.ofMinutes(rng.between(20, 35));
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), Slots.afterCalibration(context),
                Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        ToolHabit tool = Habits.busiest(target);
        int count = rng.between(MIN_CALLS, MAX_CALLS);
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d calls to %s %s over %d min, %.0f-%.0f× slower than its median of %.0f ms",
                count, tool.action().tool(), tool.action().actionType(), length.toMinutes(), MIN_FACTOR, MAX_FACTOR,
                tool.latencyMedianMs());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, tool, start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, ToolHabit tool, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        double floor = MIN_FACTOR_OVER_SLOWEST * Habits.slowestMedianLatencyMs(target);
        return Slots.spread(start, end, count, rng).stream().map(t -> {
            AgentEvent event = factory.toolCall(t, rng, tool, factory.ipIndex(rng));
            double latency = Math.max(tool.latencyMedianMs() * rng.uniform(MIN_FACTOR, MAX_FACTOR),
                    floor * rng.uniform(1, 1.5));
            Habits.payload(event).setLatencyMs(Math.round(latency));
            return event;
        }).toList();
    }
}
