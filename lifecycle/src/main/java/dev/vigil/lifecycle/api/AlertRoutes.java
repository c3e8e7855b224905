package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.command.AlertCommand;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.AlertNotFoundException;
import dev.vigil.lifecycle.command.CommandResult;
import dev.vigil.lifecycle.command.IllegalTransitionException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The alert routes: list, get, acknowledge, resolve. Handlers validate, delegate and shape the answer; failures
 * are thrown and answered by {@link ErrorHandlers}. Each command is counted as
 * {@code vigil_lifecycle_commands_total{action, outcome}}.
 */
final class AlertRoutes {

    private final AlertViewReader reader;
    private final AlertCommands commands;
    private final MeterRegistry meters;

    AlertRoutes(AlertViewReader reader, AlertCommands commands, MeterRegistry meters) {
        this.reader = reader;
        this.commands = commands;
        this.meters = meters;
    }

    void register(Javalin app) {
        app.get("/v1/alerts", this::list);
        app.get("/v1/alerts/{id}", this::get);
        app.post("/v1/alerts/{id}/acknowledge", ctx -> act(ctx, LifecycleAction.ACKNOWLEDGE));
        app.post("/v1/alerts/{id}/resolve", ctx -> act(ctx, LifecycleAction.RESOLVE));
    }

    private void list(Context ctx) {
        AlertFilter filter = ListQuery.from(ctx);
        var caller = AccessControl.principal(ctx);
        if (!caller.operator()) {
            filter = filter.ofTenant(caller.tenant());
        }
        List<AlertView> views = reader.list(filter);
        ObjectNode body = Responses.object();
        ArrayNode alerts = body.putArray("alerts");
        views.forEach(view -> alerts.add(AlertViewJson.toNode(view, false)));
        body.put("count", views.size());
        body.put("limit", filter.limit());
        Responses.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        AlertView view = reader.get(id).filter(v -> AccessControl.principal(ctx).mayAccess(v.alert().getTenantId()))
                .orElseThrow(() -> ApiException.notFound("no alert with id " + Shown.shorten(id)));
        Responses.json(ctx, 200, AlertViewJson.toNode(view, true));
    }

    private void act(Context ctx, LifecycleAction action) {
        String actor = Actor.of(ctx);
        String id = ctx.pathParam("id");
        if (reader.get(id).filter(v -> !AccessControl.principal(ctx).mayAccess(v.alert().getTenantId())).isPresent()) {
            count(action, "not_found");
            throw ApiException.notFound("no alert with id " + Shown.shorten(id));
        }
        ActionBody body = ActionBody.parse(RequestBody.read(ctx), action == LifecycleAction.RESOLVE);
        AlertCommand command = new AlertCommand(action, ctx.pathParam("id"), actor, body.note(), body.resolution());
        CommandResult result;
        try {
            result = commands.execute(command);
        } catch (RuntimeException e) {
            count(action, outcomeOf(e));
            throw e;
        }
        if (result instanceof CommandResult.Applied applied) {
            count(action, "applied");
            Responses.json(ctx, 200, AlertViewJson.toNode(applied.view(), true));
        } else {
            count(action, "pending");
            Responses.json(ctx, 202, Responses.object()
                    .put("eventId", result.eventId())
                    .put("message", "the event is written; the alert view has not shown it yet, read the alert again shortly"));
        }
    }

    private void count(LifecycleAction action, String outcome) {
        Counter.builder("vigil.lifecycle.commands")
                .description("Acknowledge and resolve commands by outcome")
                .tag("action", action.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String outcomeOf(RuntimeException e) {
        if (e instanceof AlertNotFoundException) {
            return "not_found";
        }
        if (e instanceof IllegalTransitionException) {
            return "conflict";
        }
        if (e instanceof WriteFailedException) {
            return "write_failed";
        }
        return e instanceof ViewUnavailableException ? "unavailable" : "error";
    }
}
