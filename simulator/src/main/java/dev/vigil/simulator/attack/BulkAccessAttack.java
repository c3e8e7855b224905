package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
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
 * {@code bulk_access}: {@value #MIN_CALLS}–{@value #MAX_CALLS} calls to the agent's own read tools within 4–12
 * minutes, inside one quarter of an hour, each moving {@value #MIN_FACTOR}–{@value #MAX_FACTOR} times the median
 * bytes and records of the agent's largest tool, and at least 4–8 MB and 2,000–4,000 records — exfiltration
 * through tools it is allowed to use. The agent usually moves 3–5 calls' worth of its medians in 15 minutes, so
 * the quarter's bytes and records are at least 50 times their usual, never less than {@value #QUARTERS_WORTH}
 * times its busiest quarter (a cron agent's burst on the hour), and at least 24 MB and 12,000 records: bulk in
 * absolute terms too, as a detector that ignores a small agent's small growth needs.
 *
 * <p>Reads carry only a request body, so the payload sizes stay ordinary (unusual_payload_size is about those);
 * an agent without read tools (no role of the simulator's lacks one) would move the bytes by writing, which does
 * enlarge its payloads. The resources and scopes are its own, and the pace (a call every 26 s or more) is far
 * from velocity_spike's.
 */
public final class BulkAccessAttack implements AttackKind {

    public static final String RULE = "bulk_access";
    static final int MIN_CALLS = 6;
    static final int MAX_CALLS = 10;
    static final int MIN_FACTOR = 40;
    static final int MAX_FACTOR = 120;
    /** Bytes a call moves at least: bulk collection is tens of megabytes, whatever the agent's usual sizes. */
    static final long MIN_BYTES = 4_000_000;
    /** Records a call moves at least, for the same reason. */
    static final long MIN_RECORDS = 2_000;
    /** The attack moves at least this many of the agent's busiest usual quarters (a cron agent's burst). */
    static final int QUARTERS_WORTH = 20;

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
        Duration length = Duration.ofSeconds(rng.between(240, 720));
        Optional<Instant> start = Slots.inQuarter(target.activity().schedule(), Slots.afterCalibration(context),
                length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        int count = rng.between(MIN_CALLS, MAX_CALLS);
        Instant end = start.get().plus(length);
        long seed = rng.nextLong();
        String description = String.format("%d calls moving %d-%d× the median bytes (%.0f) and records (%.0f) of its "
                + "largest tool in %d s", count, MIN_FACTOR, MAX_FACTOR, Habits.largestMedianBytes(target),
                Habits.largestMedianRecords(target), length.toSeconds());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, context.runStart(), start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant runStart, Instant start, Instant end, int count,
                                           long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        List<ToolHabit> tools = Habits.readsOrAll(target);
        double bytes = Habits.largestMedianBytes(target);
        double records = Habits.largestMedianRecords(target);
        double quarter = Habits.busiestQuarter(target, runStart, start);
        double bytesFloor = QUARTERS_WORTH * quarter * bytes * Habits.MOVED_MEAN_FACTOR / count;
        double recordsFloor = QUARTERS_WORTH * quarter * records * Habits.RECORDS_MEAN_FACTOR / count;
        return Slots.even(start, end, count, Duration.ofSeconds(3), rng).stream().map(t -> {
            ToolHabit tool = Habits.pick(tools, rng);
            AgentEvent event = factory.toolCall(t, rng, tool, factory.ipIndex(rng), Outcome.success);
            ToolCallPayload payload = Habits.payload(event);
            long moved = Math.round(Math.max(Math.max(bytes * rng.uniform(MIN_FACTOR, MAX_FACTOR), bytesFloor),
                    rng.uniform(MIN_BYTES, 2 * MIN_BYTES)));
            payload.setBytesRead(tool.action().writes() ? 0L : moved);
            payload.setBytesWritten(tool.action().writes() ? moved : 0L);
            payload.setRecords(Math.round(Math.max(Math.max(records * rng.uniform(MIN_FACTOR, MAX_FACTOR), recordsFloor),
                    rng.uniform(MIN_RECORDS, 2 * MIN_RECORDS))));
            if (tool.action().writes()) {
                payload.setPayloadBytes(payload.getPayloadBytes() + moved);
            }
            return event;
        }).toList();
    }
}
