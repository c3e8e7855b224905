package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.command.AlertCommand;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.AlertNotFoundException;
import dev.vigil.lifecycle.command.CommandResult;
import dev.vigil.lifecycle.command.IllegalTransitionException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertTimeline;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.NotificationViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The alert routes: list (filters and a cursor, {@link ListQuery}), get with the timeline ({@link AlertTimeline}),
 * and the actions acknowledge, resolve, reopen, comment and assign ({@link ActionBody}). Handlers validate, delegate
 * and shape the answer; failures are thrown and answered by {@link ErrorHandlers}. Another tenant's alert is a 404
 * exactly like a missing one, checked before the body is read, so even a bad body cannot tell them apart. Each
 * command is counted as {@code vigil_lifecycle_commands_total{action, outcome}}.
 */
final class AlertRoutes {

    private static final List<LifecycleAction> ACTIONS = List.of(LifecycleAction.ACKNOWLEDGE, LifecycleAction.RESOLVE,
            LifecycleAction.REOPEN, LifecycleAction.COMMENT, LifecycleAction.ASSIGN);

    private final AlertViewReader reader;
    private final AlertCommands commands;
    private final NotificationViewReader notifications;
    private final MeterRegistry meters;

    AlertRoutes(AlertViewReader reader, AlertCommands commands, NotificationViewReader notifications,
                MeterRegistry meters) {
        this.reader = reader;
        this.commands = commands;
        this.notifications = notifications;
        this.meters = meters;
    }

    void register(Javalin app) {
        app.get("/v1/alerts", this::list);
        app.get("/v1/alerts/{id}", this::get);
        for (LifecycleAction action : ACTIONS) {
            app.post("/v1/alerts/{id}/" + action.name().toLowerCase(Locale.ROOT), ctx -> act(ctx, action));
        }
    }

    private void list(Context ctx) {
        AlertFilter filter = ListQuery.from(ctx);
        Principal caller = AccessControl.principal(ctx);
        boolean otherTenant = !caller.operator() && filter.tenant().filter(t -> !caller.mayAccess(t)).isPresent();
        if (!caller.operator()) {
            filter = filter.ofTenant(caller.tenant());
        }
        List<AlertView> views = otherTenant ? List.of() : reader.list(filter);
        ObjectNode body = Responses.object();
        ArrayNode alerts = body.putArray("alerts");
        views.forEach(view -> alerts.add(AlertViewJson.toNode(view, false)));
        body.put("count", views.size());
        body.put("limit", filter.limit());
        body.put("nextCursor", views.size() < filter.limit() ? null
                : ListQuery.cursor(AlertFilter.Position.of(views.get(views.size() - 1))));
        Responses.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        AlertView view = visible(ctx, ctx.pathParam("id"));
        ObjectNode body = AlertViewJson.toNode(view, true);
        body.set("timeline", AlertTimeline.of(view, notifications.get(view.alertId())));
        Responses.json(ctx, 200, body);
    }

    private void act(Context ctx, LifecycleAction action) {
        String actor = Actor.of(ctx);
        String id = ctx.pathParam("id");
        try {
            visible(ctx, id);
        } catch (ApiException notFound) {
            count(action, "not_found");
            throw notFound;
        }
        ActionBody body = ActionBody.parse(RequestBody.read(ctx), action);
        AlertCommand command = new AlertCommand(action, id, actor, body.note(), body.resolution(), body.assignee());
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

    /** The alert, if it exists and the caller's tenant may see it; else the 404 of a missing id. */
    private AlertView visible(Context ctx, String id) {
        return reader.get(id).filter(v -> AccessControl.principal(ctx).mayAccess(v.alert().getTenantId()))
                .orElseThrow(() -> ApiException.notFound("no alert with id " + Shown.shorten(id)));
    }

    private void count(LifecycleAction action, String outcome) {
        Counter.builder("vigil.lifecycle.commands")
                .description("Alert actions (acknowledge, resolve, reopen, comment, assign) by outcome")
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
