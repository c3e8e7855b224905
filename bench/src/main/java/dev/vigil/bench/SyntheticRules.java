package dev.vigil.bench;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Custom rules for the benchmarks, in two shapes that bracket what rules cost an event. Both shapes hold the same
 * rule bodies; only the filter that decides which events look at a rule differs:
 * <ul>
 *   <li><b>global</b>: no agent, tenant or type filter, so every event looks at every rule: the worst case, the
 *       cost of N rules that all apply;</li>
 *   <li><b>scoped</b>: rule {@code i} of {@code N} names the agents whose number is {@code i} modulo {@code N}
 *       (10 agents each for 100 rules over 1,000 agents), so every agent of the fleet is named by exactly one rule
 *       and every event looks at exactly one rule, whatever N is: the per-event cost should then not grow with N.</li>
 * </ul>
 * The bodies rotate so that CEL really runs and the emit path is taken (for rule {@code i}):
 * <ul>
 *   <li>{@code i % 10 == 0}, <b>alerting</b>: counts failed or denied events in a day, threshold 3 to 5: busy
 *       agents reach it, so these rules raise alerts;</li>
 *   <li>odd {@code i}, <b>counting</b>: an expression every event passes ({@code sourceIp} is never the rule's
 *       TEST-NET address), counted in an hour against a threshold never reached: a window update per event;</li>
 *   <li>other even {@code i}, <b>filtering</b>: a tool call to a tool the fleet never calls: the expression runs
 *       and fails, nothing else happens.</li>
 * </ul>
 * Every rule has severity {@code low}, below the circuit breaker's warn level, so alerts never change an agent's
 * status and the runs stay comparable.
 */
final class SyntheticRules {

    static final List<String> SHAPES = List.of("global", "scoped");
    static final String ID_PREFIX = "bench-rule-";

    private SyntheticRules() {
    }

    /** The {@code count} rules of {@code shape} for a fleet of {@code agents} (see {@link SyntheticFleet#agentId}). */
    static List<RuleSpec> of(String shape, int count, int agents) {
        if (!SHAPES.contains(shape)) {
            throw new IllegalArgumentException("rule shape must be one of " + SHAPES + ", not '" + shape + "'");
        }
        List<RuleSpec> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String filter = shape.equals("global") ? "" : "\"agentIds\": [" + namedAgents(i, count, agents) + "], ";
            rules.add(RuleJson.read(json(i, filter)));
        }
        return rules;
    }

    /** The records to publish on the rules topic, keyed by their {@code ruleId}. */
    static List<RuleDefinition> records(String shape, int count, int agents) {
        return of(shape, count, agents).stream().map(RuleJson::toRecord).toList();
    }

    /** Rules of the benchmark raise alerts whose rule id starts with {@link #ID_PREFIX}. */
    static boolean isBenchRule(String ruleId) {
        return ruleId.startsWith(ID_PREFIX);
    }

    /** How many of {@code count} rules are alerting ones. */
    static int alerting(int count) {
        return (count + 9) / 10;
    }

    private static String json(int i, String filter) {
        return "{\"ruleId\": \"" + ID_PREFIX + String.format(Locale.ROOT, "%03d", i) + "\", \"name\": \"bench rule " + i + "\","
                + " \"severity\": \"low\", \"condition\": {" + filter + body(i) + "}}";
    }

    private static String body(int i) {
        if (i % 10 == 0) {
            return "\"where\": \"event.outcome != 'success'\", \"timeWindow\": \"1d\", \"threshold\": " + (3 + i / 10 % 3);
        }
        if (i % 2 == 1) {
            return "\"where\": \"event.sourceIp != '192.0.2." + i % 256 + "'\", \"timeWindow\": \"1h\","
                    + " \"threshold\": 1000000000";
        }
        return "\"where\": \"event.type == 'tool_call' && event.tool == 'tool-" + i + "'\", \"timeWindow\": \"5m\","
                + " \"threshold\": 1";
    }

    /**
     * The agents {@code a} with {@code a % count == i}, as JSON strings; an agent outside the fleet when there is
     * none (more rules than agents), so the rule stays scoped and never applies.
     */
    private static String namedAgents(int i, int count, int agents) {
        List<String> ids = new ArrayList<>();
        for (int a = i; a < agents; a += count) {
            ids.add(SyntheticFleet.agentId(a));
        }
        if (ids.isEmpty()) {
            ids.add(SyntheticFleet.agentId(agents + i));
        }
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
    }
}
