package dev.vigil.lifecycle.api;

import dev.vigil.lifecycle.command.AlertNotFoundException;
import dev.vigil.lifecycle.command.IllegalTransitionException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure answered in one shape, {@code {"error": "..."}}, and never with a stack trace: client errors say
 * what to fix, transient ones (view not ready, Kafka not confirming) are 503 to retry, and only a true bug is a
 * 500, with a generic message to the client and the stack trace in the log.
 */
final class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    static void register(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e.status(), e.getMessage(), e.details()));
        app.exception(AlertNotFoundException.class, (e, ctx) ->
                Responses.error(ctx, 404, "no alert with id " + Shown.shorten(e.alertId()), Map.of()));
        app.exception(IllegalTransitionException.class, (e, ctx) ->
                Responses.error(ctx, 409, e.getMessage(), Map.of("status", e.current().wireName())));
        app.exception(ViewUnavailableException.class, (e, ctx) -> {
            LOG.warn("Answered 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "1");
            Responses.error(ctx, 503, "the alert view is not ready; retry shortly", Map.of());
        });
        app.exception(WriteFailedException.class, (e, ctx) -> {
            LOG.warn("Answered 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            Responses.error(ctx, 503, "Kafka did not confirm the lifecycle event in time; "
                    + "read the alert before repeating the command", Map.of());
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                Responses.error(ctx, e.getStatus(), e.getMessage(), Map.of()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            Responses.error(ctx, 500, "internal error; the server log has the details", Map.of());
        });
    }
}
