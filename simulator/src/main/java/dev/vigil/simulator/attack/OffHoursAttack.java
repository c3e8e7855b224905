package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Schedule;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code off_hours_activity}: 5–9 of the agent's ordinary events within 1–15 minutes at least two hours away
 * from its working hours. Attacks of the kind take turns: the odd ones aim at agents that declare a window (any
 * time outside it will do), the even ones — when the run is long enough for a calibration — at agents that
 * declare none but keep regular hours. For those the moment is at a local hour of the day the agent never works
 * on any day, and after the agent's calibration, since only then has a detector learned the agent's hours.
 * Agents that work around the clock cannot host it. Few events, so the volume stays that of an ordinary quarter
 * hour.
 */
public final class OffHoursAttack implements AttackKind {

    public static final String RULE = "off_hours_activity";
    private static final Duration MARGIN = Duration.ofHours(2);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

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
        return !target.activity().schedule().declared();
    }

    @Override
    public Optional<Attack> plan(AttackContext context, Agent target, Rng rng) {
        Schedule schedule = target.activity().schedule();
        boolean wantDeclared = !context.leavesTimeToLearn() || context.turn(List.of(true, false));
        if (schedule.kind() == Schedule.Kind.ALWAYS_ON || schedule.declared() != wantDeclared) {
            return Optional.empty();
        }
        int count = rng.between(5, 9);   // off_hours_activity needs 5 requests within an hour outside the window
        Duration length = context.length(rng, 60, 900);
        Optional<Instant> start = Slots.offHours(schedule, context, MARGIN, length, !schedule.declared(), rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d events in %d s at %s local time, %s %s–%s", count, length.toSeconds(),
                LOCAL.format(start.get().atZone(schedule.zone())),
                schedule.declared() ? "outside the declared window" : "an hour never worked; usual hours",
                schedule.start(), schedule.end());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream().map(at -> factory.next(at, rng)).toList();
    }
}
