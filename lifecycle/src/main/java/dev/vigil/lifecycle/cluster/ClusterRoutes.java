package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentJson;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * The internal routes the lifecycle instances call on each other, each answering from this instance's own store only.
 * They are outside the API keys ({@code AccessControl} leaves {@value #PREFIX} alone) and need the cluster secret in
 * {@value ClusterSecret#HEADER} instead: without it, or with a wrong one, every path under the prefix is a 401, an
 * unknown one included.
 *
 * <ul>
 *   <li>{@code GET /internal/v1/alerts?<FilterQuery>}: the local best {@code limit} views of the filter, one JSON view
 *       per line ({@value #NDJSON}).</li>
 *   <li>{@code GET /internal/v1/alerts/{id}}: one local view, or 404.</li>
 *   <li>{@code GET /internal/v1/partitions/{p}/alerts?after=<alertId>&limit=<n>}: a page of one local partition in
 *       alertId order, for walks over every alert.</li>
 *   <li>{@code GET /internal/v1/incidents?<IncidentFilterQuery>}: the local best {@code limit} incidents of the
 *       filter, one per line.</li>
 *   <li>{@code GET /internal/v1/incidents/{id}}: one local incident, notes included, or 404.</li>
 *   <li>{@code GET /internal/v1/notifications/{alertId}}: the alert's ledger records in the local notification view,
 *       one per line, none when it has none.</li>
 * </ul>
 * A view that cannot be read answers 503 as on the public API.
 */
public final class ClusterRoutes {

    public static final String PREFIX = "/internal/";
    static final String ALERTS = "/internal/v1/alerts";
    static final String INCIDENTS = "/internal/v1/incidents";
    static final String NOTIFICATIONS = "/internal/v1/notifications";
    static final String AFTER = "after";
    static final String LIMIT = "limit";
    static final String NDJSON = "application/x-ndjson";

    private final LocalViews local;
    private final PartitionPages pages;
    private final ClusterSecret secret;

    public ClusterRoutes(LocalViews local, PartitionPages pages, ClusterSecret secret) {
        this.local = local;
        this.pages = pages;
        this.secret = secret;
    }

    static String partitionPath(int partition) {
        return "/internal/v1/partitions/" + partition + "/alerts";
    }

    public void register(Javalin app) {
        app.before(PREFIX + "*", ctx -> {
            if (!secret.matches(ctx.header(ClusterSecret.HEADER))) {
                throw unauthorized();
            }
        });
        app.get(ALERTS, this::list);
        app.get(ALERTS + "/{id}", this::get);
        app.get("/internal/v1/partitions/{partition}/alerts", this::page);
        app.get(INCIDENTS, this::incidents);
        app.get(INCIDENTS + "/{id}", this::incident);
        app.get(NOTIFICATIONS + "/{alertId}", this::notifications);
    }

    /** For a server without the cluster part: every internal path a 401, as with a wrong secret. */
    public static void refuseAll(Javalin app) {
        app.before(PREFIX + "*", ctx -> {
            throw unauthorized();
        });
    }

    private static UnauthorizedResponse unauthorized() {
        return new UnauthorizedResponse("internal routes need the cluster secret in " + ClusterSecret.HEADER);
    }

    private void list(Context ctx) {
        AlertFilter filter;
        try {
            filter = FilterQuery.decode(ctx.queryParamMap());
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        lines(ctx, local.alerts().list(filter), AlertViewJson::toBytes);
    }

    private void get(Context ctx) {
        AlertView view = local.alerts().get(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("no alert with this id on this instance"));
        ctx.status(200).contentType("application/json").result(AlertViewJson.toBytes(view));
    }

    private void incidents(Context ctx) {
        IncidentFilter filter;
        try {
            filter = IncidentFilterQuery.decode(ctx.queryParamMap());
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        lines(ctx, local.incidents().list(filter), IncidentJson::toBytes);
    }

    private void incident(Context ctx) {
        Incident incident = local.incidents().get(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("no incident with this id on this instance"));
        ctx.status(200).contentType("application/json").result(IncidentJson.toBytes(incident));
    }

    private void notifications(Context ctx) {
        lines(ctx, local.notifications().get(ctx.pathParam("alertId")), NotificationEntryJson::toBytes);
    }

    private void page(Context ctx) {
        int partition = number(ctx.pathParam("partition"), "partition", 0, Integer.MAX_VALUE);
        String limitText = ctx.queryParam(LIMIT);
        int limit = limitText == null ? ClusterAlertViewReader.PAGE
                : number(limitText, LIMIT, 1, ClusterAlertViewReader.PAGE);
        lines(ctx, pages.page(partition, ctx.queryParam(AFTER), limit), AlertViewJson::toBytes);
    }

    private static int number(String text, String name, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // the same answer as a number out of range
        }
        throw new BadRequestResponse("'" + name + "' must be a whole number from " + min + " to " + max);
    }

    private static <T> void lines(Context ctx, List<T> values, Function<T, byte[]> json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (T value : values) {
            out.writeBytes(json.apply(value));
            out.write('\n');
        }
        ctx.status(200).contentType(NDJSON).result(out.toByteArray());
    }
}
