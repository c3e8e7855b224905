package dev.vigil.topology.detect;

import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of every detector's {@link Param}s: the deployment's (configuration or default) and the tenants'
 * overrides, resolved at start; an agent's own overrides (its profile's {@code settings}) are applied per lookup.
 * Lookups are identity-hash reads, so they cost nothing measurable per event.
 *
 * <p>An agent override that does not parse is ignored (the tenant's or deployment's value applies) and logged
 * once per agent and key, so one bad profile cannot stop detection for everyone.
 */
public final class Parameters {

    /** Per-tenant overrides: a list of {@code tenant/rule.param=value} entries. */
    public static final String TENANT_OVERRIDES = "vigil.detect.tenant-overrides";

    private static final Logger LOG = LoggerFactory.getLogger(Parameters.class);
    private static final int MAX_WARNINGS_REMEMBERED = 10_000;
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Param<Boolean>> ENABLED = new ConcurrentHashMap<>();

    private final Map<String, Param<?>> byKey;
    private final IdentityHashMap<Param<?>, Object> deployment;
    private final Map<String, IdentityHashMap<Param<?>, Object>> tenants;

    private Parameters(Map<String, Param<?>> byKey, IdentityHashMap<Param<?>, Object> deployment,
                       Map<String, IdentityHashMap<Param<?>, Object>> tenants) {
        this.byKey = byKey;
        this.deployment = deployment;
        this.tenants = tenants;
    }

    /** The implicit {@code rule.enabled} flag of a rule (default true); one instance per rule id. */
    public static Param<Boolean> enabled(String ruleId) {
        return ENABLED.computeIfAbsent(ruleId, id -> Param.flag(id, "enabled", true,
                "false turns the rule off (for the deployment, a tenant or an agent)."));
    }

    /** Every parameter at its default, no tenant overrides. */
    public static Parameters defaults(Collection<Param<?>> params) {
        Map<String, Param<?>> byKey = index(params);
        IdentityHashMap<Param<?>, Object> values = new IdentityHashMap<>();
        params.forEach(p -> values.put(p, p.defaultValue()));
        return new Parameters(byKey, values, Map.of());
    }

    /** Adds a configuration key per parameter, and the tenant-overrides key, to {@code def}. */
    public static ConfigDef define(ConfigDef def, Collection<Param<?>> params) {
        for (Param<?> p : params) {
            ConfigDef.Type type = switch (p.kind()) {
                case FLAG -> ConfigDef.Type.BOOLEAN;
                case INTEGER -> ConfigDef.Type.INT;
                case NUMBER -> ConfigDef.Type.DOUBLE;
                default -> ConfigDef.Type.STRING;
            };
            def.define(p.configKey(), type, p.defaultText(), validator(p), ConfigDef.Importance.LOW,
                    p.scope() + ": " + p.doc() + " (" + p.rangeText() + ")");
        }
        return def.define(TENANT_OVERRIDES, ConfigDef.Type.LIST, "", ConfigDef.Importance.LOW,
                "Per-tenant values of the vigil.detect.* parameters, as tenant/rule.param=value entries, e.g. "
                        + "acme/velocity_spike.ratio=5,acme/breaker.auto-halt=true. An agent's profile can override "
                        + "them again in its settings map (rule.param -> value).");
    }

    /** The values of a config whose definition went through {@link #define}. */
    public static Parameters from(AbstractConfig config, Collection<Param<?>> params) {
        Map<String, Param<?>> byKey = index(params);
        IdentityHashMap<Param<?>, Object> values = new IdentityHashMap<>();
        for (Param<?> p : params) {
            Object raw = config.values().get(p.configKey());
            try {
                values.put(p, p.parse(String.valueOf(raw)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p.configKey(), raw, e.getMessage());
            }
        }
        Map<String, IdentityHashMap<Param<?>, Object>> tenants = new HashMap<>();
        for (String entry : config.getList(TENANT_OVERRIDES)) {
            int slash = entry.indexOf('/');
            int equals = entry.indexOf('=');
            if (slash <= 0 || equals < slash + 2) {
                throw new ConfigException(TENANT_OVERRIDES, entry, "write each entry as tenant/rule.param=value");
            }
            String tenant = entry.substring(0, slash).trim();
            String key = entry.substring(slash + 1, equals).trim();
            Param<?> p = byKey.get(key);
            if (p == null) {
                throw new ConfigException(TENANT_OVERRIDES, entry, "unknown parameter '" + key + "'");
            }
            try {
                tenants.computeIfAbsent(tenant, t -> new IdentityHashMap<>()).put(p, p.parse(entry.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(TENANT_OVERRIDES, entry, e.getMessage());
            }
        }
        return new Parameters(byKey, values, tenants);
    }

    /** A copy with {@code param} set to {@code value} for the deployment (for tests and tools). */
    public <T> Parameters with(Param<T> param, T value) {
        requireKnown(param);
        IdentityHashMap<Param<?>, Object> values = new IdentityHashMap<>(deployment);
        values.put(param, value);
        return new Parameters(byKey, values, tenants);
    }

    /** A copy with {@code param} set to {@code value} for {@code tenant}. */
    public <T> Parameters withTenant(String tenant, Param<T> param, T value) {
        requireKnown(param);
        Map<String, IdentityHashMap<Param<?>, Object>> copy = new HashMap<>();
        tenants.forEach((t, v) -> copy.put(t, new IdentityHashMap<>(v)));
        copy.computeIfAbsent(tenant, t -> new IdentityHashMap<>()).put(param, value);
        return new Parameters(byKey, deployment, copy);
    }

    /**
     * The value of {@code param} for an agent of {@code tenantId} whose profile settings are {@code agentSettings}
     * (empty or null when it has none): the agent's, else the tenant's, else the deployment's.
     */
    public <T> T value(Param<T> param, String tenantId, Map<String, String> agentSettings, String agentId) {
        return value(param, tenantId, agentSettings, agentId, ParamOverrides.NONE);
    }

    /**
     * As {@link #value(Param, String, Map, String)}, with the run-time overrides in their places: the agent's
     * override, its profile setting, the tenant's override, the tenant's configured value, the global override,
     * the deployment's value.
     */
    public <T> T value(Param<T> param, String tenantId, Map<String, String> agentSettings, String agentId,
                       ParamOverrides overrides) {
        boolean runtime = overrides.any();
        if (runtime && agentId != null) {
            T v = overrides.agent(param, agentId, tenantId);
            if (v != null) {
                return v;
            }
        }
        if (agentSettings != null && !agentSettings.isEmpty()) {
            String text = agentSettings.get(param.localKey());
            if (text != null) {
                try {
                    return param.parse(text);
                } catch (IllegalArgumentException e) {
                    warnOnce(agentId, param, e.getMessage());
                }
            }
        }
        if (runtime && tenantId != null) {
            T v = overrides.tenant(param, tenantId);
            if (v != null) {
                return v;
            }
        }
        if (!tenants.isEmpty() && tenantId != null) {
            IdentityHashMap<Param<?>, Object> tenant = tenants.get(tenantId);
            if (tenant != null && tenant.containsKey(param)) {
                return cast(tenant.get(param));
            }
        }
        if (runtime) {
            T v = overrides.global(param);
            if (v != null) {
                return v;
            }
        }
        Object value = deployment.get(param);
        if (value == null) {
            requireKnown(param);
        }
        return cast(value);
    }

    /** The deployment's value of {@code param}. */
    public <T> T value(Param<T> param) {
        return value(param, null, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && byValue(deployment).equals(byValue(p.deployment))
                && tenantsByValue().equals(p.tenantsByValue());
    }

    @Override
    public int hashCode() {
        return byValue(deployment).hashCode();
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        byKey.forEach((k, p) -> shown.put(k, deployment.get(p)));
        return "Parameters" + shown + (tenants.isEmpty() ? "" : " tenants=" + tenants.keySet());
    }

    /** Values by {@code rule.param} (IdentityHashMap compares values by identity, which is not what equality means). */
    private static Map<String, Object> byValue(IdentityHashMap<Param<?>, Object> values) {
        Map<String, Object> out = new HashMap<>();
        values.forEach((p, v) -> out.put(p.localKey(), v));
        return out;
    }

    private Map<String, Map<String, Object>> tenantsByValue() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        tenants.forEach((t, v) -> out.put(t, byValue(v)));
        return out;
    }

    private void requireKnown(Param<?> param) {
        if (!deployment.containsKey(param)) {
            throw new IllegalArgumentException("parameter " + param + " is not registered (is its detector in Detectors.builtIn()?)");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static Map<String, Param<?>> index(Collection<Param<?>> params) {
        Map<String, Param<?>> byKey = new LinkedHashMap<>();
        for (Param<?> p : params) {
            if (byKey.put(p.localKey(), p) != null) {
                throw new IllegalArgumentException("parameter " + p.localKey() + " is declared twice");
            }
        }
        return byKey;
    }

    private static ConfigDef.Validator validator(Param<?> p) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    p.parse(value == null ? "" : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "must be " + p.rangeText());
                }
            }

            @Override
            public String toString() {
                return p.rangeText();
            }
        };
    }

    private static void warnOnce(String agentId, Param<?> param, String problem) {
        String key = agentId + "\u0000" + param.localKey();
        if (WARNED.size() < MAX_WARNINGS_REMEMBERED && WARNED.add(key)) {
            LOG.warn("Agent {}: profile setting {} ignored ({}); the tenant's or deployment's value applies",
                    agentId, param.localKey(), problem);
        }
    }
}
