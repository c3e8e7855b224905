package dev.vigil.lifecycle.api;

import dev.vigil.lifecycle.view.AlertViewReader;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/anomalies/metrics?window=7d}: alert figures over a recent window ({@link AnomalyMetrics},
 * {@link MetricsWindow}) for the caller's tenant, or every tenant for an operator key.
 */
final class MetricsRoutes {

    private final AlertViewReader reader;
    private final Clock clock;

    MetricsRoutes(AlertViewReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/v1/anomalies/metrics", this::metrics);
    }

    private void metrics(Context ctx) {
        List<String> windows = ctx.queryParams("window");
        if (windows.size() > 1) {
            throw ApiException.badRequest("query parameter 'window' may be given once");
        }
        var window = MetricsWindow.parse(windows.isEmpty() ? null : windows.get(0));
        Responses.json(ctx, 200, AnomalyMetrics.of(reader, AccessControl.principal(ctx), clock.instant(), window));
    }
}
