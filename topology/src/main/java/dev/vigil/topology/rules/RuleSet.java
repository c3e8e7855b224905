package dev.vigil.topology.rules;

import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.ParamOverrides;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.state.AgentState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules in force, immutable: every valid record of {@code vigil.rules.v1} by id, the enabled custom rules
 * indexed for lookup, and the overrides of built-in rules' parameters. A change builds a new set (rules are few;
 * events are many), so an event is judged by one consistent set.
 *
 * <p><b>Index.</b> A rule is filed under each agent it names, else under each tenant it names, else as global, and
 * within that under each event type it names (all four when none). An event looks up three lists — its agent's,
 * its tenant's, the global one, for its type — so a rule scoped to other agents, tenants or event types costs it
 * nothing; only the rules those lists hold evaluate their scopes filter and CEL expression. Within a list, rules
 * are in id order, so the alerts of one event come out in the same order in every instance and replay.
 */
public final class RuleSet implements ParamOverrides {

    private static final List<String> TYPES = List.of(EventFields.AUTHORIZATION, EventFields.TOOL_CALL,
            EventFields.RECEIPT, EventFields.DELEGATION);

    public static final RuleSet EMPTY = new RuleSet(new TreeMap<>(), Map.of());

    private final TreeMap<String, RuleSpec> specs;
    private final Map<String, ActiveRule> active;
    private final Map<String, List<List<ActiveRule>>> byAgent = new HashMap<>();
    private final Map<String, List<List<ActiveRule>>> byTenant = new HashMap<>();
    private final List<List<ActiveRule>> global = emptyByType();
    private final Set<String> sectionNames = new HashSet<>();
    private final IdentityHashMap<Param<?>, Layers> overrides = new IdentityHashMap<>();
    private final int enabledCustom;

    private RuleSet(TreeMap<String, RuleSpec> specs, Map<String, ActiveRule> previous) {
        this.specs = specs;
        Map<String, ActiveRule> compiled = new HashMap<>();
        int enabled = 0;
        for (RuleSpec spec : specs.values()) {
            if (spec instanceof CustomRule rule) {
                ActiveRule prior = previous.get(rule.ruleId());
                ActiveRule a = prior != null && prior.spec().equals(rule) ? prior : new ActiveRule(rule);
                compiled.put(rule.ruleId(), a);
                sectionNames.add(a.sectionName());
                if (rule.enabled()) {
                    enabled++;
                    index(a);
                }
            } else {
                addOverride((RuleOverride) spec);
            }
        }
        this.active = Collections.unmodifiableMap(compiled);
        this.enabledCustom = enabled;
    }

    /** A set with {@code spec} added or replacing the record of its id. */
    public RuleSet with(RuleSpec spec) {
        TreeMap<String, RuleSpec> next = new TreeMap<>(specs);
        next.put(spec.ruleId(), spec);
        return new RuleSet(next, active);
    }

    /** A set without the record of {@code ruleId} (a tombstone). */
    public RuleSet without(String ruleId) {
        if (!specs.containsKey(ruleId)) {
            return this;
        }
        TreeMap<String, RuleSpec> next = new TreeMap<>(specs);
        next.remove(ruleId);
        return new RuleSet(next, active);
    }

    /** A set of exactly these records. */
    public static RuleSet of(Collection<? extends RuleSpec> specs) {
        TreeMap<String, RuleSpec> m = new TreeMap<>();
        specs.forEach(s -> m.put(s.ruleId(), s));
        return new RuleSet(m, Map.of());
    }

    /** Every record by id, in id order. */
    public Map<String, RuleSpec> specs() {
        return Collections.unmodifiableMap(specs);
    }

    public int enabledCustomRules() {
        return enabledCustom;
    }

    /**
     * Calls {@code each} with the enabled custom rules whose agent, tenant and type filters may let this event
     * through (their scopes, expression and aggregate field are checked by {@link ActiveRule#onEvent}).
     */
    public void forEachCandidate(EventView view, java.util.function.Consumer<ActiveRule> each) {
        if (enabledCustom == 0) {
            return;
        }
        int type = TYPES.indexOf(view.type());
        List<List<ActiveRule>> agent = byAgent.get(view.event().getAgentId());
        if (agent != null) {
            agent.get(type).forEach(each);
        }
        List<List<ActiveRule>> tenant = byTenant.get(view.event().getTenantId());
        if (tenant != null) {
            tenant.get(type).forEach(each);
        }
        global.get(type).forEach(each);
    }

    /**
     * Drops from an agent's state the windows and open alerts of custom rules that have no record any more (a
     * disabled rule keeps them). Costs a look at the agent's custom-rule sections and open alerts only.
     */
    public void forgetDeletedRules(AgentState state) {
        state.dropSectionsUnless(ActiveRule.SECTION_PREFIX, sectionNames::contains);
        state.closeAlertsUnless(ruleId -> specs.containsKey(ruleId) || BuiltInRules.CATALOGUE.find(ruleId).isPresent());
    }

    private void index(ActiveRule a) {
        RuleCondition c = a.spec().condition();
        if (!c.agentIds().isEmpty()) {
            c.agentIds().forEach(agent -> file(byAgent.computeIfAbsent(agent, k -> emptyByType()), a));
        } else if (!c.tenantIds().isEmpty()) {
            c.tenantIds().forEach(tenant -> file(byTenant.computeIfAbsent(tenant, k -> emptyByType()), a));
        } else {
            file(global, a);
        }
    }

    private static void file(List<List<ActiveRule>> byType, ActiveRule a) {
        Set<String> types = a.spec().condition().eventTypes();
        for (int i = 0; i < TYPES.size(); i++) {
            if (types.isEmpty() || types.contains(TYPES.get(i))) {
                byType.get(i).add(a);
            }
        }
    }

    private static List<List<ActiveRule>> emptyByType() {
        List<List<ActiveRule>> l = new ArrayList<>();
        TYPES.forEach(t -> l.add(new ArrayList<>()));
        return l;
    }

    // ---- overrides of built-in rules (records arrive in id order, so a greater id wins within a scope) ----

    private void addOverride(RuleOverride o) {
        Map<Param<?>, Object> values = new IdentityHashMap<>(o.values());
        values.put(Parameters.enabled(o.builtIn()), o.enabled());
        values.forEach((param, value) -> {
            Layers layers = overrides.computeIfAbsent(param, p -> new Layers());
            switch (o.scope()) {
                case AGENT -> o.agentIds().forEach(agent -> layers.agents.put(agent, new Scoped(value, o.tenantIds())));
                case TENANT -> o.tenantIds().forEach(tenant -> layers.tenants.put(tenant, value));
                case GLOBAL -> layers.global = value;
            }
        });
    }

    private static final class Layers {
        private final Map<String, Scoped> agents = new HashMap<>();
        private final Map<String, Object> tenants = new HashMap<>();
        private Object global;
    }

    private record Scoped(Object value, Set<String> tenantIds) {
    }

    @Override
    public boolean any() {
        return !overrides.isEmpty();
    }

    @Override
    public <T> T agent(Param<T> param, String agentId, String tenantId) {
        Layers layers = overrides.get(param);
        if (layers == null) {
            return null;
        }
        Scoped scoped = layers.agents.get(agentId);
        return scoped != null && (scoped.tenantIds().isEmpty() || scoped.tenantIds().contains(tenantId))
                ? cast(scoped.value()) : null;
    }

    @Override
    public <T> T tenant(Param<T> param, String tenantId) {
        Layers layers = overrides.get(param);
        return layers == null ? null : cast(layers.tenants.get(tenantId));
    }

    @Override
    public <T> T global(Param<T> param) {
        Layers layers = overrides.get(param);
        return layers == null ? null : cast(layers.global);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Override
    public String toString() {
        return "RuleSet" + specs.keySet();
    }
}
