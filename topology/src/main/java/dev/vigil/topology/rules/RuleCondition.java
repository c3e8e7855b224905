package dev.vigil.topology.rules;

import dev.vigil.avro.AgentEvent;
import dev.vigil.ingest.IngestException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When a custom rule fires: events of the listed agents, tenants and types (an empty list means all), involving
 * one of the listed scopes (when any are listed), for which {@code where} holds, aggregated over a sliding
 * {@code timeWindow} and compared with {@code threshold}. The filters are cheap set lookups checked before the
 * CEL expression.
 *
 * <p>Immutable; two conditions are equal when their fields and their CEL sources are.
 */
public final class RuleCondition {

    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** The most values a {@code distinct} window keeps per (agent, rule): its largest threshold. */
    public static final int MAX_DISTINCT = 1_000;

    private final Set<String> agentIds;
    private final Set<String> tenantIds;
    private final Set<String> scopes;
    private final Set<String> eventTypes;
    private final Duration timeWindow;
    private final long threshold;
    private final WhereClause where;
    private final Aggregate aggregate;

    /**
     * @param where the CEL source, or null to match every event the filters let through; compiled here, once
     * @throws IngestException naming the {@code condition.*} field that is wrong
     */
    public RuleCondition(Set<String> agentIds, Set<String> tenantIds, Set<String> scopes, Set<String> eventTypes,
                         Duration timeWindow, long threshold, String where, Aggregate aggregate) {
        this.agentIds = Set.copyOf(agentIds);
        this.tenantIds = Set.copyOf(tenantIds);
        this.scopes = Set.copyOf(scopes);
        this.eventTypes = Set.copyOf(eventTypes);
        this.timeWindow = Objects.requireNonNull(timeWindow, "timeWindow");
        this.threshold = threshold;
        this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        validate();
        this.where = where == null ? null : WhereClause.compile(where);
    }

    private void validate() {
        if (timeWindow.compareTo(MIN_WINDOW) < 0 || timeWindow.compareTo(MAX_WINDOW) > 0
                || timeWindow.toMillis() % 60_000 != 0) {
            throw new IngestException("condition.timeWindow", "must be whole minutes from 1m to 7d: "
                    + RuleJson.windowText(timeWindow));
        }
        if (threshold < 1) {
            throw new IngestException("condition.threshold", "must be at least 1: " + threshold);
        }
        if (aggregate.kind() == Aggregate.Kind.DISTINCT && threshold > MAX_DISTINCT) {
            throw new IngestException("condition.threshold", "distinct(" + aggregate.field() + ") keeps at most "
                    + MAX_DISTINCT + " values per agent, so its threshold is at most " + MAX_DISTINCT + ": " + threshold);
        }
        for (String type : eventTypes) {
            if (!EventFields.EVENT_TYPES.contains(type)) {
                throw new IngestException("condition.eventTypes",
                        "unknown event type \"" + type + "\"; one of authorization, tool_call, receipt, delegation");
            }
        }
    }

    public Set<String> agentIds() {
        return agentIds;
    }

    public Set<String> tenantIds() {
        return tenantIds;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public Set<String> eventTypes() {
        return eventTypes;
    }

    public Duration timeWindow() {
        return timeWindow;
    }

    public long threshold() {
        return threshold;
    }

    /** The CEL source of {@code where}, or null. */
    public String where() {
        return where == null ? null : where.source();
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    /** True when the event passes every filter and the expression; never throws for a well-formed event. */
    public boolean matches(AgentEvent event) {
        return matches(new EventView(event));
    }

    /**
     * True when the event passes every filter and the expression, and carries the aggregated field (an event
     * without it has nothing to add to a {@code sum} or {@code distinct}). Cheap set lookups run first.
     */
    boolean matches(EventView view) {
        AgentEvent event = view.event();
        return (agentIds.isEmpty() || agentIds.contains(event.getAgentId()))
                && (tenantIds.isEmpty() || tenantIds.contains(event.getTenantId()))
                && (eventTypes.isEmpty() || eventTypes.contains(view.type()))
                && involvesScope(event)
                && (aggregate.field() == null || view.fields().containsKey(aggregate.field()))
                && (where == null || where.matches(view.fields()));
    }

    private boolean involvesScope(AgentEvent event) {
        if (scopes.isEmpty()) {
            return true;
        }
        List<String> involved = EventFields.scopesOf(event);
        for (String scope : involved) {
            if (scopes.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleCondition c && agentIds.equals(c.agentIds) && tenantIds.equals(c.tenantIds)
                && scopes.equals(c.scopes) && eventTypes.equals(c.eventTypes) && timeWindow.equals(c.timeWindow)
                && threshold == c.threshold && Objects.equals(where(), c.where()) && aggregate.equals(c.aggregate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentIds, tenantIds, scopes, eventTypes, timeWindow, threshold, where(), aggregate);
    }

    @Override
    public String toString() {
        return "RuleCondition[agentIds=" + agentIds + ", tenantIds=" + tenantIds + ", scopes=" + scopes
                + ", eventTypes=" + eventTypes + ", timeWindow=" + timeWindow + ", threshold=" + threshold
                + ", where=" + where() + ", aggregate=" + aggregate + "]";
    }
}
