package dev.vigil.topology.rules;

import dev.vigil.topology.Detectors;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in rules as the rule language sees them: each rule with its parameters by name, so an override record
 * ({@code {"ruleId": "velocity_spike:acme", "parameters": {"ratio": "5"}}}) can be checked at submission and applied
 * by the topology.
 */
public final class BuiltInRules {

    /** The catalogue of {@link Detectors#builtIn()}. */
    public static final BuiltInRules CATALOGUE = new BuiltInRules(Detectors.builtIn());

    private final Map<String, BuiltIn> byId;

    BuiltInRules(List<Detector> detectors) {
        Map<String, BuiltIn> m = new LinkedHashMap<>();
        for (Detector d : detectors) {
            Map<String, Param<?>> params = new LinkedHashMap<>();
            d.parameters().forEach(p -> params.put(p.name(), p));
            m.put(d.ruleId(), new BuiltIn(d.rule(), d.baseline(), Collections.unmodifiableMap(params)));
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /**
     * One built-in rule.
     *
     * @param rule       its identity (id, name, category, technique)
     * @param baseline   true when it judges the agent against its learned baseline
     * @param parameters its tunables by name (without the implicit {@code enabled})
     */
    public record BuiltIn(Rule rule, boolean baseline, Map<String, Param<?>> parameters) {
    }

    /** Every built-in rule, in the catalogue's order. */
    public List<BuiltIn> all() {
        return List.copyOf(byId.values());
    }

    public Optional<BuiltIn> find(String ruleId) {
        return Optional.ofNullable(byId.get(ruleId));
    }

    /**
     * The built-in rule a record with this id overrides: {@code velocity_spike} and {@code velocity_spike:<anything>}
     * both target {@code velocity_spike}; any other id is a custom rule's.
     */
    public Optional<BuiltIn> targetOf(String ruleId) {
        if (ruleId == null) {
            return Optional.empty();
        }
        int colon = ruleId.indexOf(':');
        return find(colon < 0 ? ruleId : ruleId.substring(0, colon));
    }
}
