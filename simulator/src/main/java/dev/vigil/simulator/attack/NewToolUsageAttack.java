package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Outcome;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.fleet.ToolHabit;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Rng;
import dev.vigil.simulator.traffic.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code new_tool_usage}: one to three calls within five minutes, after the agent's calibration, to a tool the
 * agent has never used — a read action, so that the capability is no higher than the agent's own. Sizes, records
 * and latency scatter around the agent's own typical read (the geometric mean of its tools' medians), so nothing
 * but the tool is out of the ordinary; address, token, principal and country are the agent's.
 */
public final class NewToolUsageAttack implements AttackKind {

    public static final String RULE = "new_tool_usage";

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
        Set<String> used = target.tools().stream().map(t -> t.action().tool()).collect(Collectors.toSet());
        List<Catalogue.ToolAction> unused = Catalogue.TOOL_ACTIONS.stream()
                .filter(a -> a.capability() == Capability.read && !used.contains(a.tool())).toList();
        if (unused.isEmpty()) {
            return Optional.empty();
        }
        Catalogue.ToolAction action = rng.pick(unused);
        int count = rng.between(1, 3);
        Duration length = count == 1 ? Duration.ZERO : context.length(rng, 5, 300);
        Optional<Instant> start = Slots.inWindow(target.activity().schedule(), context, Duration.ZERO, length, rng);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        ToolHabit habit = habit(target, action, rng);
        long seed = rng.nextLong();
        Instant end = start.get().plus(length);
        String description = String.format("%d call(s) to %s (%s), a tool the agent never used", count,
                action.tool(), action.actionType());
        return Optional.of(new Attack(RULE, target.agentId(), target.number(), start.get(), end, description,
                () -> events(target, start.get(), end, count, habit, seed)));
    }

    /** A habit for the new action whose medians are the agent's typical ones. */
    private static ToolHabit habit(Agent target, Catalogue.ToolAction action, Rng rng) {
        List<String> resources = new ArrayList<>();
        for (int i = rng.between(1, 3); i > 0; i--) {
            resources.add(String.format(action.resourceTemplate(), target.tenantId(), rng.between(1, 999)));
        }
        return new ToolHabit(action, 1, resources, typical(target, ToolHabit::bytesMedian),
                typical(target, ToolHabit::recordsMedian), typical(target, ToolHabit::latencyMedianMs));
    }

    private static double typical(Agent target, ToDoubleFunction<ToolHabit> median) {
        return Math.exp(target.tools().stream().mapToDouble(t -> Math.log(median.applyAsDouble(t))).average().orElse(0));
    }

    private static List<AgentEvent> events(Agent target, Instant start, Instant end, int count, ToolHabit habit, long seed) {
        Rng rng = Rng.of(seed, Purpose.ATTACK_EVENTS);
        EventFactory factory = new EventFactory(target);
        return Slots.spread(start, end, count, rng).stream()
                .map(at -> factory.toolCall(at, rng, habit, factory.ipIndex(rng), Outcome.success)).toList();
    }
}
