package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Rule;
import dev.vigil.topology.rules.BuiltInRules;
import dev.vigil.topology.rules.CustomRule;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleOverride;
import dev.vigil.topology.rules.RuleSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of {@code GET /v1/rules}: every built-in rule with its parameters and the override records that
 * target it, and every custom rule as {@link RuleJson#toJson} writes it.
 *
 * <pre>{@code
 * {"builtIn": [{"ruleId", "name", "category", "attack", "baseline", "enabled",
 *               "parameters": [{"name", "kind", "default", "range", "doc"}], "overrides": [{override JSON}]}],
 *  "custom": [{rule JSON}]}
 * }</pre>
 */
final class RuleListing {

    private RuleListing() {
    }

    /** The whole listing of {@code rules}, the records of the rules view. */
    static ObjectNode of(List<RuleSpec> rules) {
        ObjectNode body = Responses.object();
        ArrayNode builtIn = body.putArray("builtIn");
        BuiltInRules.CATALOGUE.all().forEach(b -> builtIn.add(entry(b, rules)));
        ArrayNode custom = body.putArray("custom");
        rules.stream().filter(CustomRule.class::isInstance).sorted(Comparator.comparing(RuleSpec::ruleId))
                .forEach(rule -> custom.add(RuleJson.toJson(rule)));
        return body;
    }

    /** One built-in rule with the overrides among {@code rules} that target it. */
    static ObjectNode entry(BuiltInRules.BuiltIn builtIn, List<RuleSpec> rules) {
        Rule rule = builtIn.rule();
        List<RuleOverride> overrides = rules.stream()
                .filter(RuleOverride.class::isInstance).map(RuleOverride.class::cast)
                .filter(o -> o.builtIn().equals(rule.id()))
                .sorted(Comparator.comparing(RuleOverride::ruleId))
                .toList();
        ObjectNode entry = Responses.object()
                .put("ruleId", rule.id())
                .put("name", rule.name())
                .put("category", rule.category())
                .put("attack", rule.attack())
                .put("baseline", builtIn.baseline())
                .put("enabled", enabled(overrides));
        ArrayNode parameters = entry.putArray("parameters");
        builtIn.parameters().values().forEach(p -> parameters.add(parameter(p)));
        ArrayNode records = entry.putArray("overrides");
        overrides.forEach(o -> records.add(RuleJson.toJson(o)));
        return entry;
    }

    /**
     * False only when a global override turns the rule off. Of several global overrides the one with the greatest
     * id wins, as in the topology ({@link RuleOverride}); scoped overrides leave the rule on for everyone else.
     */
    static boolean enabled(List<RuleOverride> overrides) {
        return overrides.stream()
                .filter(o -> o.scope() == RuleOverride.Scope.GLOBAL)
                .max(Comparator.comparing(RuleOverride::ruleId))
                .map(RuleOverride::enabled)
                .orElse(true);
    }

    private static ObjectNode parameter(Param<?> p) {
        return Responses.object()
                .put("name", p.name())
                .put("kind", p.kind().name().toLowerCase(Locale.ROOT))
                .put("default", p.defaultText())
                .put("range", p.rangeText())
                .put("doc", p.doc());
    }
}
