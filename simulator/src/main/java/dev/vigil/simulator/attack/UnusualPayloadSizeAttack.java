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
 * {@code unusual_payload_size}: {@value #MIN_CALLS}–{@value #MAX_CALLS} calls to the read tool the agent calls
 * most, within 2–15 minutes, whose request bodies are {@value #MIN_FACTOR}–{@value #MAX_FACTOR} times the mean
 * payload of the agent's largest-payload tool — a prompt-injection blob or data smuggled out inside a query.
 * Being that far above every tool's mean, they stand out whether a detector keeps one payload baseline per tool
 * or one per agent; the busiest read tool is the one whose usual payloads a detector knows best.
 *
 * <p>Only the request body grows: what the calls read, their records, latency and outcome are drawn as the
 * agent's own, so bulk_access (bytes moved) stays quiet.
 */
public final class UnusualPayloadSizeAttack implements AttackKind {

    public static final String RULE = "unusual_payload_size";
    static final int MIN_CALLS = 3;
    static final int MAX_CALLS = 6;
    static final int MIN_FACTOR = 60;
    static final int MAX_FACTOR = 150;

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
        Duration length = Duration.ofSeconds(rng.between(120, 900));
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), Slots.afterCalibration(context),
                Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        int count = rng.between(MIN_CALLS, MAX_CALLS);
        double usual = Habits.largestMeanPayloadBytes(target);
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d calls with payloads of %d-%d× the %.0f-byte mean of its largest-payload "
                + "tool in %d s", count, MIN_FACTOR, MAX_FACTOR, usual, length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, usual, start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, double usual, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        ToolHabit tool = Habits.busiestRead(target);
        return Slots.spread(start, end, count, rng).stream().map(t -> {
            AgentEvent event = factory.toolCall(t, rng, tool, factory.ipIndex(rng));
            Habits.payload(event).setPayloadBytes(Math.round(usual * rng.uniform(MIN_FACTOR, MAX_FACTOR)));
            return event;
        }).toList();
    }
}
