package dev.vigil.topology.rules;

import dev.vigil.ingest.IngestException;
import dev.vigil.topology.detect.Param;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A record of {@code vigil.rules.v1} that changes a built-in rule instead of adding one: it turns the rule on or
 * off ({@code enabled}) and sets some of its parameters, for every agent ({@link Scope#GLOBAL}), for the agents of
 * some tenants ({@code tenantIds}) or for some agents ({@code agentIds}, within {@code tenantIds} when both are
 * given). Its id is the built-in rule's id ({@code velocity_spike}) or that id, a colon and a name of the user's
 * choosing ({@code velocity_spike:acme-strict}), so one built-in rule can have many overrides.
 *
 * <p>Precedence, most specific first: an agent-scoped override, the agent's profile {@code settings}, a
 * tenant-scoped override, the tenant's configured overrides ({@code vigil.detect.tenant-overrides}), a global
 * override, the deployment's configuration, the default. Two overrides of one rule in the same scope: the one with
 * the greater id wins (deterministic in every instance and replay).
 *
 * @param builtIn    the id of the rule overridden
 * @param parameters parameter name → value as text, each checked against the parameter's range
 */
public record RuleOverride(String ruleId, int version, String name, String description, boolean enabled,
                           String builtIn, Set<String> agentIds, Set<String> tenantIds, Map<String, String> parameters)
        implements RuleSpec {

    /** Where an override applies. */
    public enum Scope { GLOBAL, TENANT, AGENT }

    public RuleOverride {
        CustomRule.checkRuleId(ruleId);
        BuiltInRules.BuiltIn target = BuiltInRules.CATALOGUE.targetOf(ruleId).orElseThrow(() ->
                new IngestException("ruleId", "\"" + ruleId + "\" does not name a built-in rule"));
        if (!target.rule().id().equals(builtIn)) {
            throw new IllegalArgumentException("override " + ruleId + " targets " + target.rule().id() + ", not " + builtIn);
        }
        if (version < 1) {
            throw new IngestException("version", "must be at least 1: " + version);
        }
        name = name == null || name.isBlank() ? target.rule().name() : name;
        agentIds = Set.copyOf(agentIds);
        tenantIds = Set.copyOf(tenantIds);
        Map<String, String> normal = new TreeMap<>();
        parameters.forEach((key, text) -> {
            Param<?> p = target.parameters().get(key);
            if (p == null) {
                throw new IngestException("parameters." + key, "is not a parameter of " + builtIn + "; it has "
                        + (target.parameters().isEmpty() ? "none" : String.join(", ", target.parameters().keySet())));
            }
            try {
                p.parse(Objects.requireNonNull(text, "value"));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IngestException("parameters." + key, "must be " + p.rangeText() + ": \"" + text + "\"");
            }
            normal.put(key, text.trim());
        });
        parameters = Collections.unmodifiableMap(normal);
    }

    public Scope scope() {
        return !agentIds.isEmpty() ? Scope.AGENT : !tenantIds.isEmpty() ? Scope.TENANT : Scope.GLOBAL;
    }

    /** The parameters' values, parsed, by parameter (identity). */
    public Map<Param<?>, Object> values() {
        BuiltInRules.BuiltIn target = BuiltInRules.CATALOGUE.find(builtIn).orElseThrow();
        Map<Param<?>, Object> out = new IdentityHashMap<>();
        parameters.forEach((key, text) -> out.put(target.parameters().get(key), target.parameters().get(key).parse(text)));
        return out;
    }
}
