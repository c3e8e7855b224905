package dev.vigil.simulator.traffic;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.DelegationRef;
import dev.vigil.avro.Geo;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.ToolHabit;
import dev.vigil.simulator.random.Rng;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one agent's habits into events. Normal traffic calls {@link #next}; attacks call the kind-specific
 * methods with what they change (a scope, a rate, an address), so everything else about an attack event — tenant,
 * address, token, principal, sizes — is drawn exactly as for the agent's own events.
 */
public final class EventFactory {

    private static final AuthorizationAction[] AUTHORIZATION_ACTIONS = {AuthorizationAction.token_request,
        AuthorizationAction.authorize, AuthorizationAction.introspect, AuthorizationAction.token_exchange};
    private static final double[] AUTHORIZATION_ACTION_WEIGHTS = {0.35, 0.40, 0.20, 0.05};
    private static final double AUTHORIZATION_LATENCY_MEDIAN_MS = 45;
    private static final double REVOKE_SHARE = 0.15;
    /** The receipts of a first hour: one on the everyday model and one on the heavy one. */
    private static final int COVERING_RECEIPTS = 2;

    private final Agent agent;
    private final double[] kindWeights;
    private final double[] toolWeights;
    /** The last answer of {@link #firstHour}, which every hour of the agent asks for: one schedule search per run. */
    private FirstHour firstHour = new FirstHour(Instant.MIN, -1);

    private record FirstHour(Instant runStart, long epochHour) {
    }

    public EventFactory(Agent agent) {
        this.agent = agent;
        this.kindWeights = agent.mix().weights(!agent.children().isEmpty());
        this.toolWeights = agent.tools().stream().mapToDouble(ToolHabit::weight).toArray();
    }

    public Agent agent() {
        return agent;
    }

    /** One ordinary event at {@code at}, of a kind drawn from the agent's mix. */
    public AgentEvent next(Instant at, Rng rng) {
        return switch (rng.weighted(kindWeights)) {
            case 0 -> authorization(at, rng, usualScopes(rng), outcome(rng));
            case 1 -> toolCall(at, rng);
            case 2 -> receipt(at, rng);
            default -> delegation(at, rng);
        };
    }

    /**
     * How many events {@link #covering} has: one call to each tool action and a receipt on each model. An agent's
     * first working hour starts with them, so everything the agent will ever do is seen in its first hour — what
     * detectors learn during calibration is then complete, and nothing of its own habits is new afterwards.
     */
    public int coveringSize() {
        return agent.tools().size() + COVERING_RECEIPTS;
    }

    /**
     * The {@code index}-th event of the agent's first hour: tool actions in turn, then an everyday and a heavy
     * receipt; principals and addresses taken in turn too, so that each of them is seen. Its calls all succeed.
     */
    public AgentEvent covering(int index, Instant at, Rng rng) {
        int ip = index % agent.network().sourceIps().size();
        String principal = agent.principals().get(index % agent.principals().size());
        AgentEvent event;
        if (index < agent.tools().size()) {
            event = toolCall(at, rng, agent.tools().get(index), ip, Outcome.success);
        } else {
            boolean heavy = index - agent.tools().size() == 1;
            event = receipt(at, rng, CostModel.draw(agent.models(), heavy, rng), ip);
        }
        event.setPrincipalId(principal);
        if (event.getPayload() instanceof ReceiptPayload receipt) {
            receipt.setSignature(agent.signing().sign(event));
        }
        return event;
    }

    /**
     * The UTC hour (epoch hours) in which the agent first works at or after {@code runStart}, or -1 when it does not
     * work in the eight days after it.
     */
    public long firstHour(Instant runStart) {
        FirstHour known = firstHour;
        if (!known.runStart().equals(runStart)) {
            long hour = agent.activity().schedule().firstOpening(runStart)
                    .map(t -> Math.floorDiv(t.toEpochMilli(), Arrivals.HOUR_MILLIS)).orElse(-1L);
            known = new FirstHour(runStart, hour);
            firstHour = known;
        }
        return known.epochHour();
    }

    /** One to three of the agent's registered scopes, sorted. */
    public List<String> usualScopes(Rng rng) {
        List<String> scopes = rng.sample(agent.registeredScopes(), rng.between(1, Math.min(3, agent.registeredScopes().size())));
        return scopes.stream().sorted().toList();
    }

    /** An authorization for exactly {@code scopes}, ending with {@code outcome}. */
    public AgentEvent authorization(Instant at, Rng rng, List<String> scopes, Outcome outcome) {
        return authorization(at, rng, scopes, outcome, ipIndex(rng));
    }

    /** The same, from the agent's address number {@code ip}. */
    public AgentEvent authorization(Instant at, Rng rng, List<String> scopes, Outcome outcome, int ip) {
        AuthorizationAction action = AUTHORIZATION_ACTIONS[rng.weighted(AUTHORIZATION_ACTION_WEIGHTS)];
        if (action == AuthorizationAction.token_exchange && agent.parentAgentId() == null) {
            action = AuthorizationAction.authorize;
        }
        DelegationRef delegation = agent.parentAgentId() == null ? null : new DelegationRef(agent.parentAgentId(), 1);
        AuthorizationPayload payload = new AuthorizationPayload(action, Sessions.grantId(agent, ip, at),
                Sessions.tokenJti(agent, ip, at), new ArrayList<>(scopes), delegation,
                Math.round(rng.logNormal(AUTHORIZATION_LATENCY_MEDIAN_MS, 0.5)));
        return envelope(at, rng, ip, outcome, payload);
    }

    /** A call to one of the agent's usual tools. */
    public AgentEvent toolCall(Instant at, Rng rng) {
        return toolCall(at, rng, agent.tools().get(rng.weighted(toolWeights)), ipIndex(rng));
    }

    /** A call to one of the agent's usual tools from the agent's address number {@code ip}. */
    public AgentEvent toolCall(Instant at, Rng rng, int ip) {
        return toolCall(at, rng, agent.tools().get(rng.weighted(toolWeights)), ip);
    }

    /**
     * A call made the way {@code habit} says — sizes, records and latency scattered around its medians — from
     * the agent's address number {@code ip}. The habit need not be one of the agent's own.
     */
    public AgentEvent toolCall(Instant at, Rng rng, ToolHabit habit, int ip) {
        return toolCall(at, rng, habit, ip, outcome(rng));
    }

    /** The same, ending with {@code outcome}. */
    public AgentEvent toolCall(Instant at, Rng rng, ToolHabit habit, int ip, Outcome outcome) {
        boolean done = outcome == Outcome.success;
        boolean writes = habit.action().writes();
        long moved = Math.round(rng.logNormal(habit.bytesMedian(), 0.8));
        long request = Math.round(rng.logNormal(600, 0.6));
        ToolCallPayload payload = new ToolCallPayload(habit.action().tool(), habit.action().capability(),
                habit.action().actionType(), rng.pick(habit.resources()),
                done && !writes ? moved : 0L, done && writes ? moved : 0L,
                done ? Math.max(1, Math.round(rng.logNormal(habit.recordsMedian(), 0.7))) : 0L,
                writes ? request + moved : request,
                Math.round(rng.logNormal(habit.latencyMedianMs(), 0.5)),
                Sessions.grantId(agent, ip, at), Sessions.tokenJti(agent, ip, at));
        return envelope(at, rng, ip, outcome, payload);
    }

    /** A spend receipt for one LLM call, signed with the agent's key. */
    public AgentEvent receipt(Instant at, Rng rng) {
        int ip = ipIndex(rng);
        return receipt(at, rng, CostModel.draw(agent.models(), rng), ip);
    }

    /** A receipt for {@code spend} from the agent's address number {@code ip}, signed with the agent's key. */
    public AgentEvent receipt(Instant at, Rng rng, CostModel.Spend spend, int ip) {
        ReceiptPayload payload = new ReceiptPayload("rcpt-" + rng.uuid(), spend.model().provider(), spend.model().name(),
                spend.inputTokens(), spend.outputTokens(), spend.costUsd(), "budget-" + agent.name(),
                agent.signing().keyId(), null);
        AgentEvent event = envelope(at, rng, ip, Outcome.success, payload);
        payload.setSignature(agent.signing().sign(event));
        return event;
    }

    /** The agent creating (or now and then revoking) a delegation to one of its children. */
    public AgentEvent delegation(Instant at, Rng rng) {
        int ip = ipIndex(rng);
        DelegationAction action = rng.chance(REVOKE_SHARE) ? DelegationAction.revoke : DelegationAction.create;
        return envelope(at, rng, ip, Outcome.success, new DelegationPayload(action, rng.pick(agent.children()), 1));
    }

    /** One of the agent's addresses, by number, uniformly. */
    public int ipIndex(Rng rng) {
        return rng.between(0, agent.network().sourceIps().size() - 1);
    }

    private AgentEvent envelope(Instant at, Rng rng, int ip, Outcome outcome, Object payload) {
        return new AgentEvent(rng.uuid().toString(), agent.tenantId(), agent.agentId(), rng.pick(agent.principals()),
                at, agent.network().sourceIps().get(ip), new Geo(agent.network().country(), agent.network().region()),
                outcome, payload);
    }

    private Outcome outcome(Rng rng) {
        double r = rng.uniform();
        if (r < agent.failures().denied()) {
            return Outcome.denied;
        }
        return r < agent.failures().denied() + agent.failures().error() ? Outcome.error : Outcome.success;
    }
}
