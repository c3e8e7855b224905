package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code capability_escalation}: one or two calls within two minutes, after the agent's calibration, made with a
 * higher capability than the agent has ever used (read &lt; write &lt; delete &lt; admin; the schema calls it the
 * privilege level of the call). The call is one of the agent's own most privileged actions — same tool, same
 * action type, same resources — exercised at the higher level, so the tool and action are not new; only the
 * privilege is. Agents that already use admin cannot host it.
 */
public final class CapabilityEscalationAttack implements AttackKind {

    public static final String RULE = "capability_escalation";

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
        Capability highest = target.maxCapability();
        if (highest == Capability.admin) {
            return Optional.empty();
        }
        List<Capability> higher = Arrays.stream(Capability.values()).filter(c -> c.compareTo(highest) > 0).toList();
        Capability level = rng.pick(higher);
        List<ToolHabit> top = target.tools().stream().filter(t -> t.action().capability() == highest).toList();
        ToolHabit habit = rng.pick(top);
        int count = rng.between(1, 2);
        Duration length = count == 1 ? Duration.ZERO : context.length(rng, 5, 120);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d %s call(s) with capability %s; the agent never used more than %s",
                count, habit.action().actionType(), level, highest);
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, habit, level, seed)));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, ToolHabit habit,
                                           Capability level, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream().map(at -> {
            AgentEvent event = factory.toolCall(at, rng, habit, factory.ipIndex(rng), Outcome.success);
            ((ToolCallPayload) event.getPayload()).setCapability(level);
            return event;
        }).toList();
    }
}
