package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.lifecycle.command.ConflictException;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.command.IncidentUpdate;
import dev.vigil.lifecycle.command.IncidentUpdateResult;
import dev.vigil.lifecycle.command.NotFoundException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentJson;
import dev.vigil.lifecycle.view.IncidentViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.receipt.ReceiptCanonicalForm;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The incident routes ({@code docs/incidents.md}): list, get (with its alerts as the alert view shows them and its
 * notes), and {@code PATCH} to move it forward and add notes. Reads need a viewer key, updates a responder key
 * ({@link AccessControl}); another tenant's incident answers exactly like a missing one, and lists hold the caller's
 * tenant only. Updates are counted as {@code vigil_lifecycle_incident_updates_total{outcome}}.
 */
final class IncidentRoutes {

    private final IncidentViewReader incidents;
    private final IncidentCommands commands;
    private final AlertViewReader alerts;
    private final MeterRegistry meters;

    IncidentRoutes(IncidentViewReader incidents, IncidentCommands commands, AlertViewReader alerts,
                   MeterRegistry meters) {
        this.incidents = incidents;
        this.commands = commands;
        this.alerts = alerts;
        this.meters = meters;
    }

    void register(Javalin app) {
        app.get("/v1/incidents", this::list);
        app.get("/v1/incidents/{id}", this::get);
        app.patch("/v1/incidents/{id}", this::update);
    }

    private void list(Context ctx) {
        var filter = IncidentQuery.from(ctx);
        List<Incident> page = filter.map(incidents::list).orElse(List.of());
        int limit = filter.map(IncidentFilter::limit).orElse(IncidentFilter.DEFAULT_LIMIT);
        ObjectNode body = Responses.object();
        ArrayNode items = body.putArray("incidents");
        page.forEach(incident -> items.add(IncidentJson.toNode(incident, false)));
        body.put("count", page.size());
        body.put("limit", limit);
        body.put("nextCursor", page.size() == limit ? IncidentQuery.cursor(page.get(page.size() - 1)) : null);
        Responses.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        Responses.json(ctx, 200, detail(visible(ctx)));
    }

    private void update(Context ctx) {
        String actor = Actor.of(ctx);
        Incident incident;
        try {
            incident = visible(ctx);
        } catch (RuntimeException e) {
            count(e instanceof ApiException ? "not_found" : outcomeOf(e));
            throw e;
        }
        IncidentBody body = IncidentBody.parse(RequestBody.read(ctx));
        IncidentUpdateResult result;
        try {
            result = commands.execute(new IncidentUpdate(incident.incidentId(), actor, body.status(), body.note()));
        } catch (RuntimeException e) {
            count(outcomeOf(e));
            throw e;
        }
        if (result instanceof IncidentUpdateResult.Applied applied) {
            count("applied");
            Responses.json(ctx, 200, detail(applied.incident()));
        } else {
            count("pending");
            Responses.json(ctx, 202, Responses.object()
                    .put("eventId", result.eventId())
                    .put("message", "the event is written; the incident view has not shown it yet, read the "
                            + "incident again shortly"));
        }
    }

    /** The incident of the path, if the caller may see it; otherwise the same 404 as for an id that does not exist. */
    private Incident visible(Context ctx) {
        String id = ctx.pathParam("id");
        return incidents.get(id).filter(i -> AccessControl.principal(ctx).mayAccess(i.tenantId()))
                .orElseThrow(() -> ApiException.notFound("no incident with id " + Shown.shorten(id)));
    }

    /** The incident with its notes, alertIds and, newest first, the alerts the alert view still holds. */
    private ObjectNode detail(Incident incident) {
        ObjectNode node = IncidentJson.toNode(incident, true);
        ArrayNode summaries = node.putArray("alerts");
        List<String> ids = incident.alertIds();
        for (int i = ids.size() - 1; i >= 0; i--) {
            alerts.get(ids.get(i)).ifPresent(view -> summaries.add(summary(view)));
        }
        return node;
    }

    private static ObjectNode summary(AlertView view) {
        Alert alert = view.alert();
        return Responses.object()
                .put("alertId", alert.getAlertId())
                .put("status", view.status().wireName())
                .put("severity", alert.getSeverity().name())
                .put("ruleId", alert.getRuleId())
                .put("ruleName", alert.getRuleName())
                .put("category", alert.getCategory())
                .put("occurrences", alert.getOccurrences())
                .put("detectedAt", ReceiptCanonicalForm.TIMESTAMP.format(alert.getDetectedAt()))
                .put("description", alert.getDescription());
    }

    private void count(String outcome) {
        Counter.builder("vigil.lifecycle.incident.updates")
                .description("Incident updates (PATCH /v1/incidents/{id}) by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String outcomeOf(RuntimeException e) {
        if (e instanceof NotFoundException) {
            return "not_found";
        }
        if (e instanceof ConflictException) {
            return "conflict";
        }
        if (e instanceof WriteFailedException) {
            return "write_failed";
        }
        return e instanceof ViewUnavailableException ? "unavailable" : "error";
    }
}
