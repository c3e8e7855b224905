package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.command.AlertCommand;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.CommandResult;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewReader;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes of the common anomaly API, so that its existing clients work against Vigil (docs/compat-api.md): list
 * ({@code ?unacknowledged=true}: open alerts only), acknowledge, and {@code detect}, which answers the open alerts as
 * they stand (detection runs continuously in the topology; nothing is started by the call). Anomalies are shaped by
 * {@link AnomalyJson}. A tenant key sees and acknowledges its tenant's alerts only; another tenant's id is a 404 like a
 * missing one. Lists hold at most {@value AlertFilter#MAX_LIMIT} anomalies, newest first; {@code total} counts all.
 */
final class CompatibilityRoutes {

    private final AlertViewReader reader;
    private final AlertCommands commands;
    private final Clock clock;

    CompatibilityRoutes(AlertViewReader reader, AlertCommands commands, Clock clock) {
        this.reader = reader;
        this.commands = commands;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/v1/anomalies", this::list);
        app.post("/v1/anomalies/detect", this::detect);
        app.post("/v1/anomalies/{id}/acknowledge", this::acknowledge);
    }

    private void list(Context ctx) {
        Optional<AlertStatus> status = unacknowledgedOnly(ctx) ? Optional.of(AlertStatus.OPEN) : Optional.empty();
        Responses.json(ctx, 200, page(scoped(ctx, status), Responses.object()));
    }

    private void detect(Context ctx) {
        ObjectNode body = Responses.object().put("detectedAt", AnomalyJson.timestamp(clock.instant()));
        Responses.json(ctx, 200, page(scoped(ctx, Optional.of(AlertStatus.OPEN)), body));
    }

    private void acknowledge(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = AccessControl.principal(ctx);
        if (reader.get(id).filter(v -> caller.mayAccess(v.alert().getTenantId())).isEmpty()) {
            throw ApiException.notFound("no alert with id " + Shown.shorten(id));
        }
        ActionBody body = ActionBody.parse(RequestBody.read(ctx), false);
        CommandResult result = commands.execute(AlertCommand.acknowledge(id, Actor.of(ctx), body.note()));
        if (result instanceof CommandResult.Applied applied) {
            Responses.json(ctx, 200, AnomalyJson.toNode(applied.view()));
        } else {
            Responses.json(ctx, 202, Responses.object()
                    .put("eventId", result.eventId())
                    .put("message", "the event is written; the alert view has not shown it yet, read the anomalies again shortly"));
        }
    }

    /** {@code unacknowledged}: {@code true} (open alerts only), {@code false} or absent (every alert); else a 400. */
    private static boolean unacknowledgedOnly(Context ctx) {
        List<String> values = ctx.queryParams("unacknowledged");
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("query parameter 'unacknowledged' may be given once");
        }
        return switch (values.get(0)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw ApiException.badRequest("query parameter 'unacknowledged' must be true or false (got '"
                    + Shown.shorten(values.get(0)) + "')");
        };
    }

    private static AlertFilter scoped(Context ctx, Optional<AlertStatus> status) {
        AlertFilter filter = new AlertFilter(status, Optional.empty(), AlertFilter.MAX_LIMIT);
        Principal caller = AccessControl.principal(ctx);
        return caller.operator() ? filter : filter.ofTenant(caller.tenant());
    }

    /**
     * Adds {@code total} (every match) and {@code anomalies} (the newest up to the limit) to {@code body}. The list and
     * the count are two reads, not one snapshot, so {@code total} is kept at least the number shown.
     */
    private ObjectNode page(AlertFilter filter, ObjectNode body) {
        List<AlertView> views = reader.list(filter);
        AtomicLong total = new AtomicLong();
        reader.summaries(filter, summary -> total.incrementAndGet());
        body.put("total", Math.max(total.get(), views.size()));
        ArrayNode anomalies = body.putArray("anomalies");
        views.forEach(view -> anomalies.add(AnomalyJson.toNode(view)));
        return body;
    }
}
