package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.command.RuleNotFoundException;
import dev.vigil.topology.rules.BuiltInRules;
import dev.vigil.topology.rules.RuleJson;
import dev.vigil.topology.rules.RuleSpec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule routes: list and get the built-in rules, overrides and custom rules; create, replace, delete and
 * enable or disable a record of {@code vigil.rules.v1}. Bodies are the rule JSON of {@link RuleJson}; the version
 * in a body is ignored, the service sets it. Handlers parse, delegate to {@link RuleCommands} and shape the answer;
 * failures are thrown and answered by {@link ErrorHandlers}. Each change is logged with its actor and counted as
 * {@code vigil_lifecycle_rule_changes_total{action, outcome}}.
 */
final class RuleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RuleRoutes.class);
    private static final String PATH = "/v1/rules";

    private final RuleCommands rules;
    private final ChangeCounter changes;

    RuleRoutes(RuleCommands rules, MeterRegistry meters) {
        this.rules = rules;
        this.changes = new ChangeCounter("vigil.lifecycle.rule.changes", "Rule changes through the API by outcome",
                meters);
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "/{ruleId}", this::get);
        app.post(PATH, ctx -> changes.counted("create", () -> create(ctx)));
        app.put(PATH + "/{ruleId}", ctx -> changes.counted("replace", () -> replace(ctx)));
        app.delete(PATH + "/{ruleId}", ctx -> changes.counted("delete", () -> delete(ctx)));
        app.patch(PATH + "/{ruleId}", ctx -> changes.counted("toggle", () -> toggle(ctx)));
    }

    private void list(Context ctx) {
        Responses.json(ctx, 200, RuleListing.of(rules.all()));
    }

    /** The record's JSON; for a built-in rule's id without a record, the built-in rule's entry. */
    private void get(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        ObjectNode body = rules.get(ruleId).map(RuleJson::toJson)
                .or(() -> BuiltInRules.CATALOGUE.find(ruleId).map(b -> RuleListing.entry(b, rules.all())))
                .orElseThrow(() -> new RuleNotFoundException(ruleId));
        Responses.json(ctx, 200, body);
    }

    private void create(Context ctx) {
        String actor = Actor.of(ctx);
        RuleSpec rule = rules.create(definition(JsonBody.object(RequestBody.read(ctx), "a rule or an override")));
        LOG.info("Rule {} created (version {}) by {}", rule.ruleId(), rule.version(), actor);
        ctx.header("Location", location(rule));
        Responses.json(ctx, 201, RuleJson.toJson(rule));
    }

    private void replace(Context ctx) {
        String actor = Actor.of(ctx);
        String ruleId = ctx.pathParam("ruleId");
        ObjectNode body = JsonBody.object(RequestBody.read(ctx), "a rule or an override");
        JsonNode bodyId = body.get("ruleId");
        if (bodyId == null || bodyId.isNull()) {
            body.put("ruleId", ruleId);
        } else if (bodyId.isTextual() && !bodyId.textValue().equals(ruleId)) {
            throw ApiException.badField("ruleId", "must be the id in the path, \"" + Shown.shorten(ruleId)
                    + "\", not \"" + Shown.shorten(bodyId.textValue()) + "\"; a rule is renamed by creating the new "
                    + "id and deleting the old one");
        }
        RuleSpec rule = rules.replace(definition(body));
        LOG.info("Rule {} replaced (version {}) by {}", rule.ruleId(), rule.version(), actor);
        Responses.json(ctx, 200, RuleJson.toJson(rule));
    }

    private void delete(Context ctx) {
        String actor = Actor.of(ctx);
        String ruleId = ctx.pathParam("ruleId");
        rules.delete(ruleId);
        LOG.info("Rule {} deleted by {}", ruleId, actor);
        ctx.status(204);
    }

    private void toggle(Context ctx) {
        String actor = Actor.of(ctx);
        boolean enabled = enabledOf(JsonBody.object(RequestBody.read(ctx), "{\"enabled\": true} or {\"enabled\": false}"));
        RuleCommands.Toggled toggled = rules.setEnabled(ctx.pathParam("ruleId"), enabled);
        RuleSpec rule = toggled.rule();
        LOG.info("Rule {} {} (version {}) by {}", rule.ruleId(), enabled ? "enabled" : "disabled", rule.version(), actor);
        if (toggled.created()) {
            ctx.header("Location", location(rule));
        }
        Responses.json(ctx, toggled.created() ? 201 : 200, RuleJson.toJson(rule));
    }

    /** The record of a body, checked for JSON types by {@link RuleJson#toDefinition}; its version is the service's. */
    private static RuleDefinition definition(ObjectNode body) {
        body.remove("version");
        return RuleJson.toDefinition(body.toString());
    }

    /** PATCH takes exactly {@code {"enabled": true|false}}: anything else might be a change the client expects. */
    private static boolean enabledOf(ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("enabled")) {
                throw ApiException.badField(Shown.shorten(name), "PATCH changes only enabled; replace the rule with PUT "
                        + "to change anything else");
            }
        }
        JsonNode enabled = body.get("enabled");
        if (enabled == null) {
            throw ApiException.badField("enabled", "is required");
        }
        if (!enabled.isBoolean()) {
            throw ApiException.badField("enabled", "must be true or false: " + Shown.shorten(enabled.toString()));
        }
        return enabled.booleanValue();
    }

    private static String location(RuleSpec rule) {
        return PATH + "/" + rule.ruleId();
    }
}
